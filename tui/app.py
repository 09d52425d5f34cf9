"""The newsdesk application: configuration, services, keys, and the first screen."""

from __future__ import annotations

import asyncio
import gc
import signal
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from annotations.files import describe_os_error
from annotations.safe_text import printable, single_line
from tui.article_view import ArticleView
from tui.collector import THRESHOLDS
from tui.commands import DeskCommands
from tui.desk_base import DeskSession, replaced_file
from tui.desk_screen import DeskScreen
from tui.keys_in_turn import KeyScreens, escape_then

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel

    from annotations.articles import Article
    from annotations.library import Library
    from annotations.store import Desk
    from annotations.writer import DeskWriter

__all__ = ["NewsdeskApp"]


def _leave_off(desk: Desk, *, positions: dict[str, int]) -> None:
    desk.set_positions(positions)


class NewsdeskApp(App[None]):
    """Read reports of one event side by side and tag their claims."""

    TITLE = "newsdesk"
    CSS_PATH = "newsdesk.tcss"
    COMMANDS = App.COMMANDS | {DeskCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    ]

    def __init__(
        self,
        articles: list[Article],
        desk: Desk,
        writer: DeskWriter,
        *,
        analyst: str,
        db_label: str,
        warnings: list[str] | None = None,
        library: Library | None = None,
    ) -> None:
        super().__init__()
        self._key_screens = KeyScreens()
        self.library = library
        self.articles = articles
        self.session = DeskSession(desk, writer, analyst, db_label)
        """The desk, its writer and who tags, handed to each desk screen."""
        self._warnings = warnings or []
        self._quit_anyway = False
        self.crash: str | None = None
        """One line saying the desk failed and where the details are, once it has."""
        self.exit_messages: list[str] = []
        """What the desk said as it ended (its own words, not a fault's), for the command."""
        self._set_aside = 0
        """How many kept changes were last written aside (a desk file replaced by another)."""
        # A big desk is hundreds of thousands of long-lived objects: move them out of the
        # collector's sight so its full passes do not stall keys while the analyst tags.
        gc.freeze()
        # Drawing a long article makes many short-lived objects; with the default thresholds
        # they pushed a full collection every few keys. The desk collects between keys
        # (tui.collector); these thresholds are the backstop.
        gc.set_threshold(*THRESHOLDS)

    def _print_error_renderables(self) -> None:
        # Textual prints what ended the app on the terminal: the desk's own exit message (a
        # string) is handed to the command to say in its one line (`exit_messages`); anything
        # else is a fault's traceback with its variables' values, kept in a file with one line
        # said instead (`tui.crash_report`).
        renderables, self._exit_renderables[:] = list(self._exit_renderables), []
        self.exit_messages.extend(r for r in renderables if isinstance(r, str))
        faults = [r for r in renderables if not isinstance(r, str)]
        if not faults:
            return
        from tui.crash_report import crash_line

        self.crash = crash_line(faults)
        if not self.return_code:
            self._return_code = 1  # an error in the input thread ends the app with none set

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if self._key_screens.came_back(self, event):
                # Typed slowly, it would have gone to the dialog a key before it opened.
                await self.on_event(events.Key(event.key, event.character).set_sender(self))
                return
            pressed = None if event.is_forwarded else escape_then(event, self.focused)
            if pressed is not None:
                for key in pressed:  # escape and a letter, read as one key in a burst
                    await self.on_event(key.set_sender(self))
                return
        await super().on_event(event)

    def action_help_quit(self) -> None:
        # Textual's own says "[b]ctrl+q[/b]" in markup, which notifications here never parse.
        self.notify("Press q to quit the desk.", title="Do you want to quit?")

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.linux_driver":
            from tui.paste_input import PasteSafeDriver

            # Pastes holding ESC or other controls arrive whole and in order.
            return PasteSafeDriver
        return driver

    def get_default_screen(self) -> Screen[Any]:
        # The desk is the first screen itself: pushing it over a blank default screen would
        # render a frame nobody sees before the first one that reaches the terminal.
        if self.articles or self.library is None:
            return self._desk_screen()
        return super().get_default_screen()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification; every one (a widget's too) passes here, through safe text.

        Messages quote file names, titles and errors, which are untrusted: they are never
        parsed as markup, and control and bidi characters become their safe stand-ins. One
        toast at a time: a new one replaces the last instead of stacking up over the text
        (the status line keeps the count of unsaved changes in view anyway).
        """
        self.clear_notifications()
        super().notify(
            printable(message),
            title=single_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _desk_screen(self) -> DeskScreen:
        return DeskScreen(self.articles, self.session)

    @property
    def desk(self) -> Desk:
        """The open desk."""
        return self.session.desk

    @property
    def writer(self) -> DeskWriter:
        """The thread that saves the desk's changes; the app waits for it before quitting."""
        return self.session.writer

    def on_mount(self) -> None:
        if not self.articles and self.library is not None:
            from tui.picker import LibraryPicker

            self.push_screen(
                LibraryPicker(self.library.entries(latest_only=True)), self._open_chosen
            )
        for warning in self._warnings:
            self.notify(warning, severity="warning", timeout=15, markup=False)
        if not self.is_headless:
            # Ctrl-C typed in the desk is a key (`action_help_quit`); SIGINT or SIGTERM from
            # `kill` ends it as a shell expects: the terminal put back, what was tagged saved
            # (the command waits for the writer), the exit status 128 + n. SIGHUP (the
            # terminal is gone) keeps its default, at once: every change shown as saved is in
            # the journal already, and a desk lingering on would hold its lock.
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, partial(self.exit, return_code=128 + signum))

    def _open_chosen(self, article_ids: list[str] | None) -> None:
        """Open the articles chosen in the library picker side by side."""
        if not article_ids or self.library is None:
            self.exit()
            return
        from annotations.library import LibraryError

        for article_id in article_ids:
            try:
                self.articles.append(self.library.get(article_id))
            except LibraryError as error:
                self.notify(str(error), severity="error", timeout=15, markup=False)
        if not self.articles:
            # 2, as for a file that cannot be used (the README's exit statuses).
            self.exit(return_code=2, message="None of the chosen articles could be read.")
            return
        from annotations.revisions import follow_edits

        # As for the files named on the command line: no tag is shown off its words.
        for message in follow_edits(self.desk, self.articles):
            self.notify(message, severity="warning", timeout=15, markup=False)
        self.push_screen(self._desk_screen())

    def key_rows(self) -> list[tuple[str, str, str]]:
        """Every key with its description and where it works, for the help screen."""
        rows: list[tuple[str, str, str]] = []
        tables: list[tuple[str, list[BindingType]]] = [
            ("article", ArticleView.BINDINGS),
            ("desk", DeskScreen.BINDINGS),
            ("everywhere", NewsdeskApp.BINDINGS),
        ]
        for where, bindings in tables:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    keys = binding.key_display or binding.key.replace(",", " / ")
                    rows.append((keys, binding.description, where))
        rows.append(("ctrl+p", "Command palette", "everywhere"))
        return rows

    def action_help(self) -> None:
        from tui.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_rows()))

    async def action_quit(self) -> None:
        # Keys typed before q that wait for an article's claims are carried out first.
        for screen in self.screen_stack:
            if isinstance(screen, DeskScreen):
                waiting = [view for view in screen.views if view.keys_waiting]
                if waiting:
                    waiting[-1].when_claims_ready(lambda: self.call_later(self.action_quit))
                    return
        # Where the analyst left off in each article, to open there next time.
        for screen in self.screen_stack:
            if isinstance(screen, DeskScreen):
                if not self.writer.failed:  # else it would only join the changes kept
                    self.writer.submit(partial(_leave_off, positions=screen.reading_positions()))
        failed = self.writer.failed
        if failed and replaced_file(self.writer.held_error) and self._set_aside != failed:
            self._quit_anyway = False  # changes made since they were last set aside
        if self.writer.failed and not self._quit_anyway:
            self._quit_anyway = True
            self.notify(
                self._unsaved_message(),
                title="Unsaved changes",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        if self.writer.pending:
            self.notify("Saving changes before quitting…", markup=False)
            self.finish_writes_then_exit()
        else:
            self.exit()

    def _unsaved_message(self) -> str:
        """What quitting with changes not saved would lose, and the way out: when the desk
        file was replaced by another's, the changes are written to a desk file of their own
        (nothing of either is lost)."""
        failed = self.writer.failed
        replaced = replaced_file(self.writer.held_error)
        if not replaced:
            return (
                f"{failed} change(s) are not saved. Press r to retry saving, or q again to "
                "quit without them."
            )
        self._set_aside = failed
        try:
            aside = self.writer.save_held_aside()
        except OSError as exc:
            where = f"they could not be set aside either ({describe_os_error(exc)})"
        else:
            shown = single_line(str(aside))
            where = f"they are saved aside in {shown} (newsdesk --db that file opens them)"
        return (
            f"{failed} change(s) are not saved: {single_line(replaced)} was replaced by another "
            "file, "
            f"so they were not written over it; {where}. Press q again to quit."
        )

    @work(thread=True, exclusive=True, group="quit")
    def finish_writes_then_exit(self) -> None:
        self.writer.flush()
        self.call_from_thread(self.exit)
