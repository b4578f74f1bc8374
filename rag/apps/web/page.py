"""Chat with council minutes: the Streamlit page (``minutes app``, or ``streamlit run app.py``
from a checkout).

Ask a question; the answer comes with citations [n], each opening onto its agenda item and the
passage with the cited sentence highlighted. The sidebar picks the index, filters by council,
committee and date, switches the answer mode, compares councils and adds files to the index.
Source text is always shown escaped, never as HTML. Questions go through one
:class:`~rag.apps.service.MinutesService` per process (``st.cache_resource``), as the CLI, the
API and MCP do: the model loaded once, each index opened once and reopened when a new build
lands, a lock per index. What is shown lives in :mod:`rag.apps.web.support`; this file is the
page.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import ValidationError

from ingest.pipeline import ingest
from rag.answers import NO_MENTION, Comparison
from rag.answers.grades import filters_label, plural
from rag.answers.llm import check_endpoint
from rag.apps.service import MAX_QUESTION_CHARS, AskRequest, MinutesService
from rag.apps.web import support as sup
from rag.apps.web.timeline_view import decisions_of, show_decisions, timeline_view
from rag.errors import MinutesError
from rag.index import IndexStats, Scope, index_version, list_indexes, resolve_index_path
from rag.models import Answer, Citation, Filters
from rag.settings import LLMSettings, Settings

ALL = "All"
esc = sup.md_escape


# ---------------------------------------------------------------------------- cached resources
@st.cache_resource(show_spinner=False)
def minutes_service(key: str, _settings: Settings) -> MinutesService:
    """The service every session's questions go through, once per process (``key`` is the
    settings). Indexes are the operator's (the index root, or MINUTES_INDEX__NAME as a path),
    picked from a list, never typed in: paths are allowed."""
    settings = _settings.model_copy(deep=True)
    settings.answer.mode = "auto"  # the sidebar picks extractive or LLM per question
    return MinutesService(settings, allow_paths=True)


def service_for(settings: Settings) -> MinutesService:
    return minutes_service(settings.model_dump_json(), settings)


@st.cache_resource
def index_lock() -> threading.Lock:
    """One upload or sample build at a time per process (questions have the service's lock)."""
    return threading.Lock()


@st.cache_data(ttl=30, show_spinner=False)
def endpoint_problem(base_url: str, model: str, api_key: str, timeout: float) -> str | None:
    llm = LLMSettings(base_url=base_url, model=model, api_key=api_key, timeout=timeout)
    return check_endpoint(llm)


# ---------------------------------------------------------------------------- sidebar
def pick_index(settings: Settings) -> tuple[str, Path]:
    root, default = settings.index.root, settings.index.name
    names = list_indexes(root)
    if default not in names and index_version(resolve_index_path(default, root, default)):
        names.insert(0, default)  # MINUTES_INDEX__NAME given as a path
    st.sidebar.header("Index")
    if not names:
        st.sidebar.caption(esc(f"No index under {root}/ yet."))
        return default, resolve_index_path(default, root, default)
    chosen = st.sidebar.selectbox(
        "Index", names, index=names.index(default) if default in names else 0, key="index"
    )
    return chosen, resolve_index_path(chosen, root, default)


def sidebar_controls(
    settings: Settings, stats: IndexStats, scope: Scope
) -> tuple[Filters, bool, bool]:
    """Stats, filters, answer mode and compare toggle → (filters, use LLM, compare)."""
    side = st.sidebar
    for line in sup.stats_lines(stats, scope):
        side.caption(esc(line))
    side.header("Filters")
    council = side.selectbox("Council", [ALL, *stats.councils], key="council")
    committee = side.selectbox("Committee", [ALL, *stats.committees], key="committee")
    since = side.date_input("From", value=None, format="DD/MM/YYYY", key="since")
    until = side.date_input("To", value=None, format="DD/MM/YYYY", key="until")
    filters = Filters(
        council=None if council == ALL else council,
        council_exact=council != ALL,
        committee=None if committee == ALL else committee,
        since=since,
        until=until,
    )
    side.header("Answer")
    llm = settings.llm
    modes = ["Extractive (quotes the minutes)", f"LLM ({llm.model})"]
    wanted = 1 if llm.base_url and settings.answer.mode != "extractive" else 0
    mode = side.radio("Answer mode", modes, index=wanted, key="mode", disabled=not llm.base_url)
    use_llm = bool(llm.base_url) and mode == modes[1]
    if not llm.base_url:
        side.caption(
            "LLM answers: set MINUTES\\_LLM\\_BASE\\_URL to an OpenAI-compatible endpoint."
        )
    elif use_llm:
        problem = endpoint_problem(llm.base_url, llm.model, llm.api_key, llm.timeout)
        if problem:
            side.warning(
                esc(f"LLM endpoint down: {problem}. Answers are extractive until it is back.")
            )
    compare = side.toggle("Compare councils", key="compare", help="Answer once per council.")
    if side.button("Clear the conversation"):
        st.session_state.messages = []
        st.session_state.context = None
    return filters, use_llm, compare


def upload_panel(settings: Settings, index_path: Path) -> None:
    """Add files to the index: saved under <index>/uploads/, ingested with a progress bar."""
    state = st.session_state
    st.sidebar.header("Add minutes")
    files = st.sidebar.file_uploader(
        "Minutes files (txt, md, html, pdf, jsonl; optional .meta.json sidecars)",
        type=[*sup.UPLOAD_TYPES, "json"],
        accept_multiple_files=True,
        key=f"upload-{state.uploads}",
    )
    if files and st.sidebar.button(f"Add {plural(len(files), 'file')} to {index_path.name}"):
        bar = st.sidebar.progress(0.0, text="Reading the files…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / total, text=f"Indexed {done} of {total}: {name}")

        try:
            with index_lock():
                state.upload_result = sup.add_uploads(
                    [(f.name, f.getvalue()) for f in files],
                    index_path,
                    settings,
                    service_for(settings).embedder(),
                    progress,
                )
        except MinutesError as exc:
            st.sidebar.error(esc(str(exc)))
            return
        state.uploads += 1  # a fresh uploader, so the same files are not added twice
        st.rerun()  # the service reopens the index: its build changed
    report: sup.UploadResult | None = state.get("upload_result")
    if report is not None:
        (st.sidebar.success if report.ingested else st.sidebar.info)(esc(report.summary()))
        for name, reason in report.errors:
            st.sidebar.error(esc(f"{name}: {reason}"))
        for warning in report.warnings:
            st.sidebar.warning(esc(warning))


# ---------------------------------------------------------------------------- answers
def show_citation(answer: Answer, citation: Citation, key: str) -> None:
    facts: list[tuple[str, Any]] = [
        ("Council", citation.council or "not stated"),
        ("Committee", citation.committee),
        ("Date", citation.date_label),
        ("Item", citation.item_number),
        ("Title", citation.item_title),
        ("Page", citation.page),
    ]
    st.markdown("  \n".join(f"**{name}:** {esc(str(value))}" for name, value in facts if value))
    if citation.ocr:  # a scanned page: the words may be misread, figures especially
        st.warning(esc(citation.ocr_note[0].upper() + citation.ocr_note[1:]))
    url = sup.safe_url(citation.url)
    if url:
        st.link_button("Open the published page", url, key=f"link-{key}-{citation.marker}")
    else:
        st.caption(esc(f"Source file: {citation.source} (no published link recorded)"))
    cited = sup.cited_sentences(answer, citation.marker)
    if answer.mode == "llm":
        for sentence in cited:
            st.caption("Cited for: " + esc(sentence))
    shown = sup.highlighted_sentences(answer, citation)
    st.markdown(sup.highlight_passage(sup.passage_text(answer, citation), shown))
    decided = decisions_of(citation, answer.decisions)
    if decided:
        st.markdown("**Decisions of this item**")
        show_decisions(decided)


def downloads(result: Answer | Comparison, markdown: str, table: str, key: str) -> None:
    md_name, csv_name = sup.download_names(result)
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        "Download Markdown",
        markdown,
        md_name,
        "text/markdown",
        key=f"md-{key}",
        on_click="ignore",
    )
    right.download_button(
        "Download CSV", table, csv_name, "text/csv", key=f"csv-{key}", on_click="ignore"
    )


def show_answer(answer: Answer, key: str) -> None:
    if answer.abstained:
        st.info(sup.md_text(answer.text))  # "The indexed minutes do not discuss …"
    else:
        st.markdown(sup.md_text(answer.text))
    applied = [f"time filter: {answer.time_filter}"] if answer.time_filter else []
    if filters_label(answer.filters):
        applied.append(f"filters: {filters_label(answer.filters)}")
    if applied:
        st.caption(esc("; ".join(applied)))
    for notice in answer.notices:
        st.warning(esc(notice))
    for citation in answer.citations:
        with st.expander(esc(sup.citation_label(citation))):
            show_citation(answer, citation, key)
    if not answer.abstained:
        downloads(answer, sup.answer_markdown(answer), sup.answer_csv(answer), key)


def show_comparison(comparison: Comparison, key: str) -> None:
    if not comparison.rows:
        st.info(esc(comparison.summary_line()))
        return
    first, *rest = sup.comparison_heading(comparison)
    st.markdown(esc(first))  # "Compared 3 councils …: 2 discussed, 1 related only, …"
    if rest:
        st.caption(esc("; ".join(rest)))
    st.dataframe(sup.comparison_rows(comparison), hide_index=True)
    for row in comparison.rows:
        if row.grade == NO_MENTION:
            continue  # the table says what was searched
        with st.expander(esc(f"{row.name}: what the minutes say ({row.grade})")):
            st.caption(esc(row.explanation()))
            st.markdown(sup.md_text(row.answer.text))
            for citation in row.answer.citations:
                st.caption(esc(sup.citation_label(citation)))
    downloads(comparison, sup.comparison_markdown(comparison), sup.comparison_csv(comparison), key)


def show_message(message: dict[str, Any], key: str) -> None:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.markdown(sup.md_text(message["content"]))
            return
        if message.get("note"):
            st.caption(esc(message["note"]))
        result = message["result"]
        if isinstance(result, Comparison):
            show_comparison(result, key)
        else:
            show_answer(result, key)


def ask_question(service: MinutesService, request: AskRequest, use_llm: bool) -> Answer:
    """Ask; an LLM answer streams into a placeholder, then the checked answer replaces it."""
    llm = service.settings.llm
    problem = None
    if use_llm and llm.base_url:
        problem = endpoint_problem(llm.base_url, llm.model, llm.api_key, llm.timeout)
    if not use_llm or problem or not service.streams_answers(request.index):
        result = service.ask(request.model_copy(update={"mode": "extractive"}))
        if problem:
            result.notices.append(f"LLM endpoint down ({problem}); showing the extractive answer.")
        return result
    placeholder = st.empty()
    pieces: list[str] = []

    def on_token(piece: str) -> None:
        pieces.append(piece)
        placeholder.markdown(sup.md_text("".join(pieces)) + " ▌")

    result = service.ask(request, on_token=on_token)
    placeholder.empty()
    return result


def respond(
    prompt: str,
    service: MinutesService,
    index: str,
    stats: IndexStats,
    filters: Filters,
    llm: bool,
    compare: bool,
) -> None:
    state = st.session_state
    follow = sup.read_follow_up(prompt, state.context, stats.councils, stats.committees)
    update: dict[str, Any] = {}
    if follow.rewritten and (follow.council or follow.councils_named):
        update.update(council=follow.council, council_exact=bool(follow.council))
    if follow.rewritten and follow.committee:
        update["committee"] = follow.committee
    asked = filters.model_copy(update=update)
    state.messages.append({"role": "user", "content": prompt})
    show_message(state.messages[-1], str(len(state.messages) - 1))
    key = str(len(state.messages))
    with st.chat_message("assistant"):
        if follow.note():
            st.caption(esc(follow.note()))
        try:
            request = AskRequest(question=follow.question, filters=asked, index=index)
            with st.spinner("Searching the minutes…"):
                if compare:
                    result: Answer | Comparison = service.compare(request)
                else:
                    result = ask_question(service, request, llm)
        except MinutesError as exc:
            st.error(esc(f"The question could not be answered: {exc}"))
            return
        except ValidationError:  # the service's limits (a follow-up can grow a question)
            st.error(f"The question is too long: at most {MAX_QUESTION_CHARS} characters.")
            return
        if isinstance(result, Comparison):
            show_comparison(result, key)
        else:
            show_answer(result, key)
    state.messages.append({"role": "assistant", "note": follow.note(), "result": result})
    state.context = follow.context


# ---------------------------------------------------------------------------- page
def empty_state(settings: Settings) -> None:
    folder = "samples/corpus --index sample" if sup.SAMPLE_CORPUS.is_dir() else "FOLDER"
    st.info(
        f"No index yet. Build one with: `minutes ingest {folder}` "
        "(or add minutes files in the sidebar)."
    )
    if not sup.SAMPLE_CORPUS.is_dir():
        st.caption(esc(sup.SAMPLE_MISSING))
    elif st.button("Build the sample index", type="primary"):
        target = settings.index.root / "sample"
        try:
            with st.spinner("Indexing the sample corpus…"), index_lock():
                embedder = service_for(settings).embedder()
                ingest([sup.SAMPLE_CORPUS], target, settings, embedder=embedder)
        except MinutesError as exc:
            st.error(esc(f"The sample index could not be built: {exc}"))
            return
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="minutes · council minutes", page_icon="🏛️", layout="wide")
    state = st.session_state
    for name, value in (("messages", []), ("context", None), ("uploads", 0)):
        state.setdefault(name, value)
    settings = Settings()
    st.title("Council minutes")
    st.caption("Cited answers from UK council committee minutes. Every quote links to its item.")
    index_name, index_path = pick_index(settings)
    if state.get("active_index") != str(index_path):
        state.messages, state.context, state.active_index = [], None, str(index_path)
    version = index_version(index_path)
    if not version:
        upload_panel(settings, index_path)
        empty_state(settings)
        return
    service, index = service_for(settings), str(index_path)
    try:
        with st.spinner("Opening the index…"), service.session(index) as asker:
            stats, scope = asker.searcher.stats(), asker.searcher.scope()
    except MinutesError as exc:
        st.error(esc(f"The index {index_name} cannot be opened: {exc}"))
        return
    view = st.sidebar.radio("View", ["Ask", "Timeline"], key="view", horizontal=True)
    filters, use_llm, compare = sidebar_controls(settings, stats, scope)
    upload_panel(settings, index_path)
    if view == "Timeline":
        timeline_view(service, index, filters)
        return
    prompt = st.chat_input("Ask a question about the minutes", max_chars=MAX_QUESTION_CHARS)
    for number, message in enumerate(state.messages):
        show_message(message, str(number))
    if not state.messages and not prompt:
        st.info(
            esc(f"Ask about the minutes of {', '.join(stats.councils) or 'this index'}, e.g. ")
            + "*what was said about agency staffing?*"
        )
    if prompt:
        respond(prompt, service, index, stats, filters, use_llm, compare)


if __name__ == "__main__":  # streamlit runs the page as __main__; app.py imports and calls main()
    main()
