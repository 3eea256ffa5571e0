"""`joblint server` end to end: a real LSP client (pytest-lsp) talks to the server over stdio.

Covers initialize, diagnostics after open and after (debounced) edits, configuration found
upwards, cross-document findings with related information, quick fixes (safe and unsafe)
applied to the text, hover, hostile documents, documents that hold no Kubernetes object, and
shutdown.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

ALWAYS = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: migrate
        image: registry.example.com/migrate:1.0
"""

# No restartPolicy: JL001 with a safe fix; comments must survive it.
MISSING = """\
# migrate the database
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate  # the name
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: busybox:1.36   # pinned
"""

V1BETA1 = """\
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: nightly
            image: busybox:1.36
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: shop
      component: web
  template:
    metadata:
      labels:
        app: shop
        component: web
    spec:
      containers:
      - name: web
        image: registry.example.com/shop:5.2.0
"""

SWEEPER = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: shop-sweeper
spec:
  manualSelector: true
  selector:
    matchLabels:
      app: shop
  ttlSecondsAfterFinished: 86400
  template:
    metadata:
      labels:
        app: shop
        component: sweeper
    spec:
      restartPolicy: Never
      containers:
      - name: sweep
        image: registry.example.com/shop-sweeper:5.2.0
"""

WORKFLOW = """\
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
"""

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)
DEEP = "a: " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / "k8s").mkdir()
    (root / "k8s" / "web.yaml").write_text(DEPLOYMENT)
    (root / "legacy").mkdir()
    (root / "legacy" / ".joblint.yaml").write_text("ignore: [JL001]\n")
    return root


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "joblint", "server", "--stdio"]),
)
async def client(lsp_client: LanguageClient, workspace: Path):
    lsp_client.initialize_result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")],
        )
    )
    yield
    await lsp_client.shutdown_session()


pytestmark = pytest.mark.asyncio(loop_scope="module")


async def open_and_wait(client: LanguageClient, path: Path, text: str, version: int = 1) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text))
    )
    return await diagnostics_for(client, uri)


async def diagnostics_for(client: LanguageClient, uri: str, timeout: float = 20.0) -> list[types.Diagnostic]:
    async def wait() -> list[types.Diagnostic]:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(wait(), timeout)


def close(client: LanguageClient, path: Path) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri())))


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.splitlines(keepends=True)

    def offset(p: types.Position) -> int:
        return sum(len(line) for line in lines[: p.line]) + p.character  # ASCII texts: UTF-16 = code points

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def test_initialize_advertises_the_features(client: LanguageClient) -> None:
    result: types.InitializeResult = client.initialize_result  # type: ignore[attr-defined]
    assert result.server_info is not None and result.server_info.name == "joblint"
    capabilities = result.capabilities
    assert capabilities.hover_provider
    assert capabilities.code_action_provider is not None
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert list(capabilities.code_action_provider.code_action_kinds or []) == [types.CodeActionKind.QuickFix]
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions) and sync.open_close and sync.save
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri="file:///nowhere.yaml"), position=types.Position(line=0, character=0))
    )
    assert hover is None  # a document the server does not have: no answer, no crash


async def test_diagnostics_after_open(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "k8s" / "migrate.yaml"
    (diag,) = [d for d in await open_and_wait(client, path, ALWAYS) if d.code == "JL001"]
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.source == "joblint"
    assert diag.message.startswith("spec.template.spec.restartPolicy: ")
    assert diag.code_description is not None
    assert diag.code_description.href.endswith("docs/rules.md#jl001-restart-policy-unsupported")
    # `restartPolicy: Always` is line 8: the range covers the value.
    assert (diag.range.start.line, diag.range.start.character) == (7, 21)
    assert (diag.range.end.line, diag.range.end.character) == (7, 27)
    close(client, path)


async def test_diagnostics_follow_edits_debounced(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "k8s" / "edited.yaml"
    uri = path.as_uri()
    assert any(d.code == "JL001" for d in await open_and_wait(client, path, ALWAYS))
    client.diagnostics.pop(uri, None)
    # Typing `Never` over `Always` in three quick edits: one lint, after the last.
    line = 7
    for version, (start, end, text) in enumerate([(21, 27, "N"), (22, 22, "ev"), (24, 24, "er")], start=2):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end)),
                        text=text,
                    )
                ],
            )
        )
    diagnostics = await diagnostics_for(client, uri)
    assert [d.code for d in diagnostics] == []
    close(client, path)


async def test_quick_fix_applies_as_fix_does(client: LanguageClient, workspace: Path) -> None:
    from joblint.fix import apply_edit  # the same edit `joblint lint --fix` makes
    from .conftest import lint_text

    path = workspace / "k8s" / "missing.yaml"
    (diag,) = [d for d in await open_and_wait(client, path, MISSING) if d.code == "JL001"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    assert actions
    (action,) = [a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("JL001")]
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert "unsafe" not in action.title
    assert action.edit is not None and action.edit.changes is not None
    fixed = apply_text_edits(MISSING, action.edit.changes[path.as_uri()])
    (finding,) = [f for f in lint_text(MISSING) if f.code == "JL001"]
    assert finding.fix is not None and finding.document is not None
    assert fixed == apply_edit(MISSING, finding.document, finding.item, finding.fix.edit)
    assert "# migrate the database" in fixed and "# the name" in fixed and "# pinned" in fixed
    assert "restartPolicy: Never" in fixed
    close(client, path)


async def test_unsafe_fix_is_labelled(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "k8s" / "nightly.yaml"
    (diag,) = [d for d in await open_and_wait(client, path, V1BETA1) if d.code == "JL002"]
    assert "unsafe fix:" in diag.message
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()), range=diag.range, context=types.CodeActionContext(diagnostics=[diag])
        )
    )
    (action,) = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("JL002")]
    assert action.title.startswith("JL002 (unsafe: changes behaviour): set apiVersion: batch/v1")
    assert not action.is_preferred
    assert action.edit is not None and action.edit.changes is not None
    fixed = apply_text_edits(V1BETA1, action.edit.changes[path.as_uri()])
    assert fixed.startswith("apiVersion: batch/v1\n")
    close(client, path)


async def test_hover_shows_summary_and_fix(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "k8s" / "hover.yaml"
    (diag,) = [d for d in await open_and_wait(client, path, ALWAYS) if d.code == "JL001"]
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=diag.range.start)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert text.startswith("**JL001 restart-policy-unsupported** (error)")
    assert "**How to fix:**" in text and "#jl001-restart-policy-unsupported" in text
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=types.Position(line=0, character=0))
    )
    assert nothing is None
    close(client, path)


async def test_configuration_is_found_from_the_files_directory(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "legacy" / "old.yaml"
    diagnostics = await open_and_wait(client, path, ALWAYS)
    assert "JL001" not in [d.code for d in diagnostics]
    close(client, path)


async def test_cross_document_finding_has_related_information(client: LanguageClient, workspace: Path) -> None:
    """The Deployment is a workspace file on disk, never opened: the bound walk finds it."""
    path = workspace / "k8s" / "sweeper.yaml"
    (diag,) = [d for d in await open_and_wait(client, path, SWEEPER) if d.code == "JL301"]
    assert diag.related_information
    (related,) = diag.related_information
    assert related.location.uri == (workspace / "k8s" / "web.yaml").as_uri()
    assert related.location.range.start.line == 3  # `name: web`
    close(client, path)


async def test_cross_document_rules_see_unsaved_open_documents(client: LanguageClient, workspace: Path) -> None:
    """Both documents exist only in the editor (never saved): the other one is still seen."""
    other = workspace / "unsaved" / "web.yaml"
    await open_and_wait(client, other, DEPLOYMENT.replace("app: shop", "app: cart"))
    path = workspace / "unsaved" / "sweeper.yaml"
    (diag,) = [d for d in await open_and_wait(client, path, SWEEPER.replace("app: shop", "app: cart")) if d.code == "JL301"]
    assert [r.location.uri for r in diag.related_information or []] == [other.as_uri()]
    close(client, path)
    close(client, other)


async def test_documents_without_kubernetes_objects_are_left_alone(client: LanguageClient, workspace: Path) -> None:
    path = workspace / ".github" / "ci.yaml"
    assert await open_and_wait(client, path, WORKFLOW) == []
    close(client, path)


async def test_helm_templates_are_left_alone(client: LanguageClient, workspace: Path) -> None:
    """Not YAML until rendered (lint `helm template` output instead): no syntax errors for them."""
    path = workspace / "chart" / "templates" / "job.yaml"
    template = ALWAYS.replace("  name: migrate\n", "  name: {{ include \"chart.fullname\" . }}\n  labels:\n    {{- include \"chart.labels\" . | nindent 4 }}\n", 1)
    assert await open_and_wait(client, path, template) == []
    close(client, path)


@pytest.mark.parametrize(
    ("text", "code"),
    [(ALIAS_BOMB, "JL902"), (DEEP, "JL903"), ("a: [\n", "JL908"), ("\ufeffkind: Job\napiVersion: batch/v1\n\x00", None)],
)
async def test_hostile_documents_give_a_diagnostic_and_the_server_lives(client: LanguageClient, workspace: Path, text: str, code: str | None) -> None:
    path = workspace / "k8s" / f"hostile-{code}.yaml"
    diagnostics = await open_and_wait(client, path, text)
    assert diagnostics, "a hostile document must get a diagnostic"
    if code is not None:
        assert code in [d.code for d in diagnostics]
    close(client, path)
    # Still serving.
    assert any(d.code == "JL001" for d in await open_and_wait(client, workspace / "k8s" / f"after-{code}.yaml", ALWAYS))
    close(client, workspace / "k8s" / f"after-{code}.yaml")


async def test_closing_clears_diagnostics(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "k8s" / "closing.yaml"
    assert await open_and_wait(client, path, ALWAYS)
    client.diagnostics.pop(path.as_uri(), None)
    close(client, path)
    assert await diagnostics_for(client, path.as_uri()) == []


async def test_save_lints_again(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "k8s" / "saved.yaml"
    assert any(d.code == "JL001" for d in await open_and_wait(client, path, ALWAYS))
    client.diagnostics.pop(path.as_uri(), None)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri())))
    assert any(d.code == "JL001" for d in await diagnostics_for(client, path.as_uri()))
    close(client, path)


async def test_shutdown_and_exit_end_the_process(workspace: Path) -> None:
    config = ClientServerConfig(server_command=[sys.executable, "-m", "joblint", "server"])
    own = await config.start()
    try:
        await own.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=workspace.as_uri()))
        assert any(d.code == "JL001" for d in await open_and_wait(own, workspace / "k8s" / "own.yaml", ALWAYS))
        await asyncio.wait_for(own.shutdown_session(), 20)
        assert own._server is not None and own._server.returncode == 0
    finally:
        await own.stop()
