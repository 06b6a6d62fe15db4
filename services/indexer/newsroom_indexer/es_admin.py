"""Putting the index design into a cluster, and reporting what a cluster runs: the I/O side of
`templates`. Used by `newsroom es apply|status|rollover` and by the service on start."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from elasticsearch import (
    ApiError,
    AsyncElasticsearch,
    AuthenticationException,
    AuthorizationException,
)

from newsroom_indexer.consistency import parse_aliases
from newsroom_indexer.settings import AnalysisChoice, IndexerSettings, LifecycleChoice
from newsroom_indexer.templates import (
    ALL_KINDS,
    ENGLISH_PROBE,
    ENGLISH_PROBE_TOKENS,
    KINDS,
    SINGLE_INDEX_KINDS,
    Analysis,
    Kind,
    Names,
    TemplateOptions,
    analysis_mode_of,
    template_set,
)

log = logging.getLogger(__name__)

Lifecycle = Literal["ilm", "service", "off"]


class ApplyError(RuntimeError):
    """The design cannot be applied as asked (e.g. english analysis on a cluster without it)."""


@dataclass(frozen=True)
class Capabilities:
    version: str
    english_analysis: bool
    ilm: bool
    modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    target: str
    action: str  # created, updated, unchanged, bootstrapped, exists, conflict, note
    detail: str = ""


@dataclass
class ApplyResult:
    capabilities: Capabilities
    analysis: Analysis
    lifecycle: Lifecycle
    changes: list[Change] = field(default_factory=list)


def template_options(settings: IndexerSettings) -> TemplateOptions:
    return TemplateOptions(
        number_of_shards=settings.number_of_shards,
        auto_expand_replicas=settings.auto_expand_replicas,
        refresh_interval=settings.refresh_interval,
        rollover_max_age=settings.rollover_max_age,
        rollover_max_primary_shard_size=settings.rollover_max_primary_shard_size,
        rollover_max_docs=settings.rollover_max_docs,
    )


def choose_analysis(choice: AnalysisChoice, caps: Capabilities) -> Analysis:
    if choice == "english" and not caps.english_analysis:
        raise ApplyError(
            "english analysis was asked for, but this cluster lacks the analysis-common module "
            "(no asciifolding/stemmer filters); use analysis=standard or auto"
        )
    if choice == "auto":
        return "english" if caps.english_analysis else "standard"
    return choice


def choose_lifecycle(choice: LifecycleChoice, caps: Capabilities) -> Lifecycle:
    if choice == "ilm" and not caps.ilm:
        raise ApplyError("lifecycle=ilm was asked for, but this cluster has no ILM")
    if choice == "auto":
        return "ilm" if caps.ilm else "service"
    return choice


# --- detection ------------------------------------------------------------------------------


async def detect(es: AsyncElasticsearch) -> Capabilities:
    return Capabilities(
        version=await _version(es),
        english_analysis=await _has_english_analysis(es),
        ilm=await _has_ilm(es),
        modules=await _modules(es),
    )


async def _version(es: AsyncElasticsearch) -> str:
    # From the nodes, not `GET /`: the test distribution has no rest-root module.
    nodes = (await es.nodes.info(filter_path="nodes.*.version"))["nodes"]
    return ",".join(sorted({n["version"] for n in nodes.values()}))


async def _has_english_analysis(es: AsyncElasticsearch) -> bool:
    # Ask for exactly what the english mode uses instead of guessing from module names.
    try:
        response = await es.indices.analyze(**ENGLISH_PROBE)
    except ApiError as exc:
        if exc.meta.status == 400:
            return False
        raise
    return [t["token"] for t in response["tokens"]] == ENGLISH_PROBE_TOKENS


async def _has_ilm(es: AsyncElasticsearch) -> bool:
    try:
        await es.ilm.get_status()
    except ApiError as exc:
        # 400 "no handler found": the ILM module is not installed.
        if exc.meta.status in (400, 404, 405):
            return False
        raise
    return True


async def _modules(es: AsyncElasticsearch) -> tuple[str, ...]:
    try:
        nodes = (await es.nodes.info(metric="plugins"))["nodes"]
    except ApiError:
        return ()  # not allowed for this user: informational only
    return tuple(sorted({m["name"] for n in nodes.values() for m in n.get("modules", [])}))


# --- apply ----------------------------------------------------------------------------------


async def apply(
    es: AsyncElasticsearch,
    names: Names,
    analysis: AnalysisChoice = "auto",
    lifecycle: LifecycleChoice = "auto",
    options: TemplateOptions | None = None,
) -> ApplyResult:
    """Create or update policies, templates, first indices and mappings. Safe to repeat."""
    caps = await detect(es)
    result = ApplyResult(caps, choose_analysis(analysis, caps), choose_lifecycle(lifecycle, caps))
    design = template_set(
        names, result.analysis, result.lifecycle == "ilm", options or TemplateOptions()
    )
    for name, body in design.policies.items():
        result.changes.append(await _put_policy(es, name, body))
    for name, body in design.components.items():
        result.changes.append(await _put_component(es, name, body))
    for name, body in design.index_templates.items():
        result.changes.append(await _put_index_template(es, name, body))
    for kind in ALL_KINDS:
        result.changes.append(await _bootstrap(es, names, kind))
        mappings = design.components[names.of(kind).mappings_component]["template"]["mappings"]
        result.changes.append(await _update_mappings(es, names, kind, mappings))
        note = await _analysis_note(es, names, kind, result.analysis)
        if note:
            result.changes.append(note)
    return result


def _digest_of(meta: dict[str, Any] | None) -> str | None:
    return (meta or {}).get("digest")


async def _put_policy(es: AsyncElasticsearch, name: str, body: dict[str, Any]) -> Change:
    current = await es.options(ignore_status=404).ilm.get_lifecycle(name=name)
    existing = current.get(name, {}).get("policy", {}).get("_meta")
    if current.meta.status == 200 and _digest_of(existing) == body["policy"]["_meta"]["digest"]:
        return Change(f"ilm policy {name}", "unchanged")
    await es.ilm.put_lifecycle(name=name, policy=body["policy"])
    return Change(f"ilm policy {name}", "created" if current.meta.status == 404 else "updated")


async def _put_component(es: AsyncElasticsearch, name: str, body: dict[str, Any]) -> Change:
    current = await es.options(ignore_status=404).cluster.get_component_template(name=name)
    found = current.get("component_templates", []) if current.meta.status == 200 else []
    existing = found[0]["component_template"].get("_meta") if found else None
    if _digest_of(existing) == body["_meta"]["digest"]:
        return Change(f"component template {name}", "unchanged")
    await es.cluster.put_component_template(name=name, **body)
    return Change(f"component template {name}", "updated" if found else "created")


async def _put_index_template(es: AsyncElasticsearch, name: str, body: dict[str, Any]) -> Change:
    current = await es.options(ignore_status=404).indices.get_index_template(name=name)
    found = current.get("index_templates", []) if current.meta.status == 200 else []
    existing = found[0]["index_template"].get("_meta") if found else None
    if _digest_of(existing) == body["_meta"]["digest"]:
        return Change(f"index template {name}", "unchanged")
    await es.indices.put_index_template(name=name, **body)
    return Change(f"index template {name}", "updated" if found else "created")


async def _bootstrap(es: AsyncElasticsearch, names: Names, kind: Kind) -> Change:
    kind_names = names.of(kind)
    if await es.indices.exists_alias(name=kind_names.write_alias):
        return Change(f"write alias {kind_names.write_alias}", "exists")
    try:
        await es.indices.create(
            index=kind_names.first_index,
            aliases={kind_names.write_alias: {"is_write_index": True}},
        )
    except ApiError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
        # Created concurrently by another instance, which also set the alias; or an index
        # left without its alias, which needs a person.
        if await es.indices.exists_alias(name=kind_names.write_alias):
            return Change(f"write alias {kind_names.write_alias}", "exists")
        raise ApplyError(
            f"index {kind_names.first_index} exists but the write alias "
            f"{kind_names.write_alias} does not: add it, or delete the index"
        ) from exc
    return Change(
        f"index {kind_names.first_index}",
        "bootstrapped",
        f"aliases {kind_names.write_alias}, {kind_names.read_alias}",
    )


async def _update_mappings(
    es: AsyncElasticsearch, names: Names, kind: Kind, mappings: dict[str, Any]
) -> Change:
    """Additive mapping changes reach existing indices at once; incompatible ones need a new
    index (rollover) or a rebuild, and are reported, not forced."""
    alias = names.of(kind).read_alias
    before = await es.indices.get_mapping(index=alias)
    try:
        await es.indices.put_mapping(index=alias, **mappings)
    except (AuthenticationException, AuthorizationException):
        raise  # not a conflict: these credentials may not change mappings
    except ApiError as exc:
        return Change(f"mappings of {alias}", "conflict", str(exc.message or exc))
    after = await es.indices.get_mapping(index=alias)
    changed = dict(before.body) != dict(after.body)
    return Change(f"mappings of {alias}", "updated" if changed else "unchanged")


async def _analysis_note(
    es: AsyncElasticsearch, names: Names, kind: Kind, wanted: Analysis
) -> Change | None:
    kind_names = names.of(kind)
    index, mode = await _write_index_analysis(es, kind_names.write_alias)
    if index is None or mode == wanted:
        return None
    return Change(
        f"analysis of {index}",
        "note",
        f"created with {mode} analysis; templates now say {wanted}. Indices created from now "
        f"on use {wanted}: `newsroom es rollover --force` starts one now.",
    )


async def _write_index_analysis(
    es: AsyncElasticsearch, write_alias: str
) -> tuple[str | None, Analysis | None]:
    # One alias lookup, then the settings of that one index: after rollovers the write alias
    # still names every older index (not as their write index).
    response = await es.options(ignore_status=404).indices.get_alias(name=write_alias)
    if response.meta.status == 404:
        return None, None
    index = parse_aliases(response.body, write_alias, write_alias).write_index
    if index is None:
        return None, None
    settings = await es.indices.get_settings(index=index)
    return index, analysis_mode_of(settings[index]["settings"])


# --- rollover -------------------------------------------------------------------------------


async def rollover(
    es: AsyncElasticsearch,
    names: Names,
    options: TemplateOptions,
    force: bool = False,
    dry_run: bool = False,
) -> dict[Kind, dict[str, Any]]:
    """Roll each write alias over when a condition is met (always with `force`).

    The fallback where ILM is missing: the service calls this on a timer, and
    `newsroom es rollover` runs it by hand or from cron. Concurrent calls are safe: the
    conditions are evaluated against the write index at the time of the call. Revisions and
    stories stay in one index each (`templates.SINGLE_INDEX_KINDS`).
    """
    results: dict[Kind, dict[str, Any]] = {}
    for kind in KINDS:
        response = await es.indices.rollover(
            alias=names.of(kind).write_alias,
            conditions=None if force else options.rollover_conditions(),
            dry_run=dry_run,
        )
        results[kind] = dict(response.body)
    return results


# --- status ---------------------------------------------------------------------------------


async def status(es: AsyncElasticsearch, names: Names) -> dict[str, Any]:
    """What runs now: cluster, capabilities, the analysis and lifecycle of each kind's write
    index, and its indices with document counts."""
    caps = await detect(es)
    health = await es.cluster.health()
    mappings_component = await es.options(ignore_status=404).cluster.get_component_template(
        name=names.articles.mappings_component
    )
    templates_analysis = None
    if mappings_component.meta.status == 200:
        component = mappings_component["component_templates"][0]["component_template"]
        templates_analysis = (component.get("_meta") or {}).get("analysis")
    report: dict[str, Any] = {
        "cluster": {
            "name": health["cluster_name"],
            "status": health["status"],
            "version": caps.version,
        },
        "capabilities": asdict(caps),
        "templates_analysis": templates_analysis,
        "kinds": {},
    }
    for kind in ALL_KINDS:
        report["kinds"][kind] = await _kind_status(es, names, kind)
    return report


async def _kind_status(es: AsyncElasticsearch, names: Names, kind: Kind) -> dict[str, Any]:
    kind_names = names.of(kind)
    write_index, analysis = await _write_index_analysis(es, kind_names.write_alias)
    entry: dict[str, Any] = {
        "read_alias": kind_names.read_alias,
        "write_alias": kind_names.write_alias,
        "write_index": write_index,
        "analysis": analysis,
        "lifecycle": None,
        "indices": {},
        "documents": 0,
    }
    if write_index is None:
        entry["lifecycle"] = "not applied"
        return entry
    settings = await es.indices.get_settings(index=write_index, name="index.lifecycle.name")
    index_settings = settings.body.get(write_index, {}).get("settings", {})
    policy = index_settings.get("index", {}).get("lifecycle", {}).get("name")
    # "fallback": no ILM on the index; the indexer service (or `newsroom es rollover`) rolls.
    entry["lifecycle"] = f"ilm {policy}" if policy else "fallback"
    if kind in SINGLE_INDEX_KINDS:
        entry["lifecycle"] = "one index"
    stats = await es.indices.stats(index=kind_names.read_alias, metric="docs")
    for index, index_stats in sorted(stats["indices"].items()):
        count = index_stats["primaries"].get("docs", {}).get("count", 0)
        entry["indices"][index] = count
        entry["documents"] += count
    return entry
