"""The few exception types audit_docs raises, each with a message written for a QA officer.

Every message names the file (and the field or cell where there is one), says what was found
and what to do about it. The CLI prints the message alone, never a traceback.
"""


class AuditDocsError(Exception):
    """Base class: anything audit_docs reports to the user as one clear sentence."""


class UnreadableFile(AuditDocsError):
    """A file that cannot be read at all (empty, damaged, encrypted, wrong kind)."""

    def __init__(self, source: str, sentence: str, reason: str) -> None:
        super().__init__(sentence)
        self.source = source
        self.sentence = sentence
        #: a short machine code for the kind of failure, e.g. "empty", "encrypted"
        self.reason = reason


class NotThisForm(UnreadableFile):
    """A readable Word document that matches none of the known form definitions."""


class DefinitionError(AuditDocsError):
    """A form or tracker definition file that is itself wrong (a council edited it badly)."""


class UsageError(AuditDocsError):
    """A command asked for something that cannot be done (missing path, bad option)."""


class StoreError(AuditDocsError):
    """The audit store cannot be opened or used (missing, damaged, from a newer release)."""


class TemplateProblem(AuditDocsError):
    """A Word template that cannot be rendered: a missing value, a broken tag, unsafe code."""


class Stopped(BaseException):
    """The run was asked to stop (Ctrl-C, or SIGTERM from a scheduler or `kill`).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` around one file's
    reading swallows it: the store's transaction rolls back the file in hand and the run ends.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
