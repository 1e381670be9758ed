"""A griffe extension for spotipy's reference pages.

Loaded by ``mkdocs.yml`` (``extensions: [docs/_scripts/griffe_spotipy.py]``). It does three
things once the package is loaded:

1. **Endpoint facts.**  Griffe reads the source statically, so it sees an endpoint method's
   own docstring, not the one ``@endpoint`` builds from the facts (quota, scopes, caps,
   Spotify's reference link).  For every method whose runtime object is an
   ``spotipy.client.Endpoint`` the facts are rendered from the descriptor itself (its
   attributes, and the lines its generated ``__doc__`` adds) into an admonition placed
   after the summary.
2. **Cross-references.**  The docstrings use Sphinx roles (``:class:`Token```).  Each is
   resolved the way Python would resolve the name from where it is written (class, module,
   package, absolute path) and becomes an autorefs link to the object's canonical path, so
   a reference to something that is not rendered on a page fails ``mkdocs build --strict``.
   Names outside spotipy (``httpx.Client``, ``KeyError``) and private helpers stay code.
   A name that resolves nowhere is a warning (an error under ``--strict``).
3. **Missing docstrings.**  Every public module, class, function and method reachable from
   the documented modules must have a docstring: one without is a warning.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import re
from typing import Any

import griffe

_LOG = logging.getLogger("mkdocs.plugins.griffe_spotipy")

#: Roles of Sphinx's Python domain that the docstrings use.
_ROLE = re.compile(r":(?:py:)?(class|meth|func|mod|attr|exc|data|obj|const):`(~?)([^`<>]+?)`")

#: Modules whose public members the reference renders (see docs/reference/).
DOCUMENTED = (
    "spotipy",
    "spotipy.auth",
    "spotipy.client",
    "spotipy.util",
    "spotipy.sender",
    "spotipy.errors",
    "spotipy.model",
    "spotipy.scope",
    "spotipy.convert",
    "spotipy.serialise",
    "spotipy.emulator",
    "spotipy.testing",
)

#: Names outside spotipy that the docstrings mention: left as code.
_EXTERNAL_ROOTS = frozenset(
    {
        "httpx",
        "msgspec",
        "pathlib",
        "json",
        "webbrowser",
        "asyncio",
        "threading",
        "typing",
        "datetime",
        "collections",
        "os",
        "inspect",
        "logging",
        "builtins",
        "uvicorn",
        "pytest",
        "enum",
        "warnings",
        "click",
        "redis",
        "starlette",
    }
)


class SpotipyDocs(griffe.Extension):
    """Endpoint facts, Sphinx-role cross-references and docstring checks for spotipy."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Post-process the whole ``spotipy`` package once it is loaded."""
        if pkg.name != "spotipy":
            return
        objects = list(_walk(pkg))
        for obj in objects:
            if obj.is_class:
                _constructor_from_new(obj)
        self_index: dict[str, list[griffe.Object]] = {}
        for obj in objects:
            parts = obj.path.split(".")
            for i in range(1, len(parts)):
                self_index.setdefault(".".join(parts[-i:]), []).append(obj)
        _INDEX.clear()
        _INDEX.update(self_index)
        for obj in _walk(pkg):
            if obj.is_function and obj.docstring is not None:
                _add_endpoint_facts(obj)
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = _ROLE.sub(
                    lambda m, o=obj: _crossref(o, m), obj.docstring.value
                )
        seen: set[str] = set()
        for name in DOCUMENTED:
            try:
                module = pkg.modules_collection[name]
            except KeyError:
                _LOG.warning("griffe_spotipy: documented module %s not found", name)
                continue
            _check_docstrings(module, seen)


#: Every object of the package by each dotted suffix of its path (``Faults.add``).
_INDEX: dict[str, list[griffe.Object]] = {}


def _constructor_from_new(cls: griffe.Object) -> None:
    """Let a class built by ``__new__`` (a frozenset subclass) show its parameters.

    Griffe takes a class's signature from ``__init__`` only.
    """
    if "__new__" not in cls.members or "__init__" in cls.members:
        return
    new = cls.members["__new__"]
    if not new.is_function:
        return
    init = griffe.Function(
        "__init__",
        lineno=new.lineno,
        endlineno=new.endlineno,
        parameters=griffe.Parameters(*new.parameters),  # type: ignore[union-attr]
        returns=None,
    )
    cls.set_member("__init__", init)


def _walk(obj: griffe.Object) -> Any:
    """Every object defined in ``obj`` (aliases skipped), ``obj`` first."""
    yield obj
    for member in obj.members.values():
        if member.is_alias:
            continue
        yield from _walk(member)  # type: ignore[arg-type]


# -- 1. endpoint facts ----------------------------------------------------------------


def _runtime(obj: griffe.Object) -> Any:
    parent = obj.parent
    if parent is None or not parent.is_class or parent.module is None:
        return None
    try:
        module = importlib.import_module(parent.module.path)
        owner = module
        for part in parent.path[len(parent.module.path) + 1 :].split("."):
            owner = getattr(owner, part)
        return inspect.getattr_static(owner, obj.name)
    except (ImportError, AttributeError):
        return None


def _add_endpoint_facts(obj: griffe.Object) -> None:
    from spotipy.client import Endpoint

    endpoint = _runtime(obj)
    if not isinstance(endpoint, Endpoint):
        return
    # The descriptor's docstring is the function's (cleaned) followed by its notes.
    own = inspect.cleandoc(endpoint.func.__doc__ or "")
    full = endpoint.__doc__ or ""
    generated = full[len(own) :].strip() if full.startswith(own) else ""
    if not generated:
        _LOG.warning("griffe_spotipy: %s has no generated endpoint notes", obj.path)
        return
    # The method's caller gets the flow's result (or an awaitable of it), not the flow.
    returns = getattr(obj, "returns", None)
    if isinstance(returns, griffe.ExprSubscript) and str(returns.left) == "Flow":
        obj.returns = returns.slice  # type: ignore[attr-defined]
    lines = []
    link = ""
    for line in generated.splitlines():
        if line.startswith("Spotify reference: "):
            link = line.removeprefix("Spotify reference: ").strip()
        elif line.strip():
            lines.append(line.strip())
    kind = "warning" if endpoint.quota == "extended" else "info"
    title = "Needs extended quota" if endpoint.quota == "extended" else "Spotify"
    box = [f'!!! {kind} "{title}"']
    facts = [f"operation [`{endpoint.operation}`]({link})" if link else endpoint.operation]
    facts.append(f"quota: {endpoint.quota}")
    if endpoint.max_limit is not None:
        facts.append(f"page size at most {endpoint.max_limit}")
    if endpoint.max_offset is not None:
        facts.append(f"offset at most {endpoint.max_offset}")
    box.append("    " + "; ".join(facts) + ".")
    for line in lines:
        box.append("")
        box.append("    " + line)
    text = obj.docstring.value  # type: ignore[union-attr]
    summary, sep, rest = text.partition("\n\n")
    obj.docstring.value = summary + "\n\n" + "\n".join(box) + ("\n\n" + rest if sep else "")  # type: ignore[union-attr]


# -- 2. cross-references --------------------------------------------------------------


def _scopes(obj: griffe.Object) -> list[griffe.Object]:
    scopes: list[griffe.Object] = []
    current: griffe.Object | None = obj if (obj.is_class or obj.is_module) else obj.parent
    while current is not None:
        scopes.append(current)
        # A method's class inherits names from its bases (a mixin's sibling methods).
        current = current.parent
    return scopes


def _lookup(scope: griffe.Object, dotted: str) -> griffe.Object | griffe.Alias | None:
    target: Any = scope
    for part in dotted.split("."):
        try:
            if target.is_alias:
                target = target.final_target
            members = target.all_members if target.is_class else target.members
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
        if part not in members:
            return None
        target = members[part]
    return target  # type: ignore[no-any-return]


def _resolve(obj: griffe.Object, name: str) -> griffe.Object | griffe.Alias | None:
    name = name.strip()
    if name.startswith("."):
        module = obj.module if not obj.is_module else obj
        package = module if module.is_init_module or module.parent is None else module.parent
        return _lookup(package, name.lstrip("."))
    for scope in _scopes(obj):
        found = _lookup(scope, name)
        if found is not None:
            return found
    root = obj.package
    if name == root.name:
        return root
    if name.startswith(root.name + "."):
        return _lookup(root, name[len(root.name) + 1 :])
    # As Sphinx does for a name it cannot find in scope: the one object whose path ends
    # with it, preferring the nearest to where it is written.
    candidates = _INDEX.get(name, [])
    if len(candidates) > 1:
        near = [c for c in candidates if c.path.startswith(obj.module.path.rsplit(".", 1)[0])]
        candidates = near or candidates
        if len({c.parent.path if c.parent else "" for c in candidates}) > 1:
            client = [c for c in candidates if ".client." in c.path]
            candidates = client if len(client) == 1 else candidates
    if len(candidates) == 1:
        return candidates[0]
    return None


def _private(path: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in path.split("."))


def _crossref(obj: griffe.Object, match: re.Match[str]) -> str:
    role, tilde, name = match.groups()
    name = name.strip()
    shown = name.rsplit(".", 1)[-1] if tilde else name.lstrip(".")
    if role in {"meth", "func"} and not shown.endswith(")"):
        shown += "()"
    code = f"`{shown}`"
    root = name.lstrip("~.").split(".", 1)[0]
    if "{" in name:
        return code  # a template in code that builds a docstring
    target = _resolve(obj, name)
    if target is None:
        if (
            root in _EXTERNAL_ROOTS
            or root in dir(__builtins__)
            or hasattr(__import__("builtins"), root)
        ):
            return code
        if _public_path(obj) is not None:  # only what the reference renders is checked
            _LOG.warning("griffe_spotipy: %s: cannot resolve :%s:`%s`", obj.path, role, name)
        return code
    try:
        final = target.final_target if target.is_alias else target  # type: ignore[union-attr]
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return code
    if final.package.name != "spotipy":
        return code
    public = _public_path(final)
    if public is None:
        return code  # a private helper: named, not linked
    return f"[{code}][{public}]"


#: Objects of private modules that the reference renders all the same (docs/reference/).
RENDERED_PRIVATE = frozenset({"spotipy._http.Request", "spotipy._http.Response"})


def _public_path(obj: Any) -> str | None:
    """The path under which the reference renders ``obj``, or None if it renders nowhere."""
    path = obj.path
    if not _private(path) or path in RENDERED_PRIVATE:
        return str(path)
    # Defined in a private module: rendered where a documented module exports it.
    for alias in obj.aliases.values():
        parent = alias.parent
        if (
            parent is not None
            and parent.path in DOCUMENTED
            and parent.exports is not None
            and alias.name in parent.exports
        ):
            return str(alias.path)
    parent = obj.parent
    if parent is not None and parent.is_class:
        owner = _public_path(parent)
        if owner is not None and not obj.name.startswith("_"):
            return f"{owner}.{obj.name}"
    return None


# -- 3. missing docstrings ------------------------------------------------------------


def _exported(module: griffe.Module) -> list[Any]:
    names = (
        module.exports
        if module.exports is not None
        else [name for name in module.members if not name.startswith("_")]
    )
    out = []
    for name in names:
        name = str(name)
        if name in module.members:
            out.append(module.members[name])
    return out


def _check_docstrings(module: griffe.Module, seen: set[str]) -> None:
    if not module.docstring:
        _LOG.warning("griffe_spotipy: module %s has no docstring", module.path)
    for member in _exported(module):
        try:
            target = member.final_target if member.is_alias else member
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
        if target.package.name != "spotipy":
            continue
        _check_object(target, seen)


def _check_object(obj: Any, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if obj.is_module:
        return
    if (obj.is_class or obj.is_function) and not obj.docstring and not _is_overload_only(obj):
        _LOG.warning("griffe_spotipy: %s has no docstring", obj.path)
    if obj.is_class:
        for name, member in obj.members.items():
            if member.is_alias or name.startswith("_"):
                continue
            if (member.is_function and (True)) or member.is_class:
                _check_object(member, seen)


def _is_overload_only(obj: Any) -> bool:
    return bool(getattr(obj, "overloads", None)) and obj.is_function and bool(obj.docstring)
