"""Endpoint areas of the Web API, one mixin per area."""
