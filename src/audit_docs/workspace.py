"""The workspace a command works in, resolved once at the edge and passed as an argument.

A command needs to know where the inbox, outbox, store and templates are, which form
definitions to read with (the shipped ones and a council's own folder, and which is the
main form), the council's settings, where the officer's commentary documents are, and where
to print. All of it is decided here, once, from the command line's options, the environment
and the settings file — this is the only module that reads the environment, and nothing
writes it — and then travels as a value. Library use builds one in a line::

    from audit_docs.workspace import Workspace
    ws = Workspace.at("inbox", "outbox", "var/audits.sqlite")

An option on the command line beats the environment (``AUDIT_DOCS_INBOX``, ``…_OUTBOX``,
``…_STORE``, ``…_TEMPLATES``, ``…_FORMS``, ``…_SETTINGS``, ``…_COMMENTARY``), which beats
the default, so a scheduled job can be pointed at a shared drive without changing the
commands people type.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from audit_docs.errors import DefinitionError, UsageError
from audit_docs.jobs.hints import Shell, shell_of
from audit_docs.jobs.places import DEFAULTS, Places, shipped
from audit_docs.progress import Verbosity
from audit_docs.read.formdef import FormDefinition, builtin_definitions, definitions_with
from audit_docs.settings import Settings, load_settings
from audit_docs.store.db import BUSY_TIMEOUT

if TYPE_CHECKING:
    from audit_docs.documents.kind import DocumentKind

#: the form a document is about when no one says otherwise: the shipped Early Help form
MAIN_FORM = "early-help-practice-audit"
#: where the officer's commentary documents are kept, relative to where the command runs
COMMENTARY = "commentary"


@dataclass(frozen=True)
class Definitions:
    """The form definitions in use: the shipped ones, a council's own folder, the main one."""

    forms: tuple[FormDefinition, ...]
    main: FormDefinition
    #: the council's folder of definitions (``--forms``), None for the shipped ones only
    folder: Path | None = None

    @classmethod
    def load(cls, folder: Path | None = None, main: str | None = None) -> Definitions:
        """The shipped definitions and those in ``folder``; ``main`` names the main form by
        id (default: the shipped Early Help form, or the first when it was replaced away)."""
        try:
            forms = definitions_with(folder)
        except DefinitionError as exc:
            raise UsageError(str(exc)) from exc
        chosen = next((d for d in forms if d.id == (main or MAIN_FORM)), None)
        if chosen is None and main is not None:
            raise UsageError(_no_form(main, forms, "the main form in the settings file"))
        return cls(forms, chosen or forms[0], folder)

    def form(self, form_id: str | None) -> FormDefinition:
        """The definition with id ``form_id`` (None: the main form), or a sentence naming
        the forms there are."""
        if form_id is None:
            return self.main
        for d in self.forms:
            if d.id == form_id:
                return d
        raise UsageError(_no_form(form_id, self.forms, "--form"))

    def origin(self, definition: FormDefinition) -> str:
        """ "shipped", or the folder a council's definition was read from."""
        if definition in builtin_definitions():
            return "shipped"
        return f"from {self.folder}"


def _no_form(form_id: str, forms: tuple[FormDefinition, ...], where: str) -> str:
    names = "; ".join(f"{d.id} (‘{d.title}’)" for d in forms)
    return f"There is no audit form with the id ‘{form_id}’ ({where}). Choose one of: {names}."


@dataclass(frozen=True)
class Workspace:
    """Everything a command takes from outside its own arguments."""

    places: Places
    definitions: Definitions = field(default_factory=Definitions.load)
    settings: Settings = field(default_factory=Settings)
    #: the folder of the officer's commentary documents
    commentary: Path = Path(COMMENTARY)
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    #: started from the Makefile: next steps are suggested as make targets
    via_make: bool = False
    #: the shell the command was typed in, for next steps quoted as the user types them
    shell: Shell = "posix"
    #: how long a writer waits for another one to finish with the store, in seconds
    busy_timeout: float = BUSY_TIMEOUT
    #: kinds of document this workspace publishes besides the shipped ones (documents/):
    #: a council's own, or a test's; jobs/publish.py lists them all
    documents: tuple[DocumentKind[Any, Any], ...] = ()
    #: what is said while working (``--quiet``, ``--verbose``): progress.py
    verbosity: Verbosity = "normal"

    @classmethod
    def at(
        cls,
        inbox: str | Path = DEFAULTS["inbox"],
        outbox: str | Path = DEFAULTS["outbox"],
        store: str | Path = DEFAULTS["store"],
        **given: object,
    ) -> Workspace:
        """A workspace for library use: the three places, anything else as keywords
        (``forms=Definitions.load(folder)``, ``settings=…``, ``out=…``)."""
        places = Places(Path(inbox), Path(outbox), Path(store))
        return cls(places, **given)  # type: ignore[arg-type]


def library_workspace(
    places: Places,
    settings: Settings | None = None,
    commentary: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Workspace:
    """The workspace of the library's one-call functions (``annual_report(places, 2016)``):
    the shipped definitions, with ``settings`` and a commentary folder when given."""
    settings = settings or Settings()
    return Workspace(
        places,
        definitions=Definitions.load(None, settings.main_form),
        settings=settings,
        commentary=commentary or Path(COMMENTARY),
        out=out or sys.stdout,
        err=err or sys.stderr,
    )


def as_workspace(
    given: Workspace | Places, out: TextIO | None = None, err: TextIO | None = None
) -> Workspace:
    """A job's workspace from what a caller handed it: a workspace (its streams replaced by
    ``out`` and ``err`` when given), or, from library code, bare places."""
    if isinstance(given, Places):
        return library_workspace(given, out=out, err=err)
    if out is None and err is None:
        return given
    return dataclasses.replace(given, out=out or given.out, err=err or given.err)


@dataclass(frozen=True)
class Options:
    """What the command line said about the workspace; None where it said nothing."""

    inbox: Path | None = None
    outbox: Path | None = None
    store: Path | None = None
    templates: Path | None = None
    forms: Path | None = None
    settings: Path | None = None
    commentary: Path | None = None
    verbosity: Verbosity = "normal"


def resolve(
    options: Options,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Workspace:
    """The workspace of one command: each option, else its environment variable, else the
    default. The settings file is read here, so a bad one stops the command before anything
    is read."""
    env = os.environ if environ is None else environ

    def pick(option: Path | None, name: str) -> Path | None:
        if option is not None:
            return option
        value = env.get(f"AUDIT_DOCS_{name.upper()}")
        return Path(value) if value else None

    settings = load_settings(pick(options.settings, "settings"), cwd)
    places = Places(
        pick(options.inbox, "inbox") or Path(DEFAULTS["inbox"]),
        pick(options.outbox, "outbox") or Path(DEFAULTS["outbox"]),
        pick(options.store, "store") or Path(DEFAULTS["store"]),
        pick(options.templates, "templates") or shipped("templates"),
        soffice=soffice_in(env, settings.soffice),
    )
    return Workspace(
        places=places,
        definitions=Definitions.load(pick(options.forms, "forms"), settings.main_form),
        settings=settings,
        commentary=pick(options.commentary, "commentary") or Path(COMMENTARY),
        out=out or sys.stdout,
        err=err or sys.stderr,
        via_make=via_make_in(env),
        shell=shell_of(env),
        busy_timeout=_seconds(env.get("AUDIT_DOCS_BUSY_TIMEOUT"), BUSY_TIMEOUT),
        verbosity=options.verbosity,
    )


def soffice_in(
    environ: Mapping[str, str] | None = None, configured: Path | None = None
) -> Path | None:
    """LibreOffice's program: ``[tools] soffice`` from the settings, else
    ``AUDIT_DOCS_SOFFICE``, else the first found on this environment's PATH or in the
    standard install folders (read/word/doc_convert.py); None when there is none."""
    from audit_docs.read.word.doc_convert import InstallPlaces, find_soffice

    environ = os.environ if environ is None else environ
    named = environ.get("AUDIT_DOCS_SOFFICE")
    configured = configured or (Path(named) if named else None)
    return find_soffice(configured, InstallPlaces.from_environment(environ))


def resolve_definitions(
    forms: Path | None, environ: Mapping[str, str] | None = None
) -> Definitions:
    """The definitions alone (``--forms``, else ``AUDIT_DOCS_FORMS``), for the commands that
    read forms without a store or settings (extract, check, forms list)."""
    env = os.environ if environ is None else environ
    folder = forms or (Path(env["AUDIT_DOCS_FORMS"]) if env.get("AUDIT_DOCS_FORMS") else None)
    return Definitions.load(folder)


def via_make_in(environ: Mapping[str, str] | None = None) -> bool:
    """Started from the Makefile (AUDIT_DOCS_VIA_MAKE): next steps are make targets."""
    env = os.environ if environ is None else environ
    return bool(env.get("AUDIT_DOCS_VIA_MAKE"))


def shell_in(environ: Mapping[str, str] | None = None) -> Shell:
    """The shell this process was started from (jobs/hints.py: shell_of)."""
    return shell_of(os.environ if environ is None else environ)


def _seconds(text: str | None, default: float) -> float:
    try:
        return float(text) if text else default
    except ValueError:
        return default
