"""The controller's server: Settings ▸ Serve on localhost serves the current model over HTTP
(the `serve` command's server, in this process), and follows it: when another model becomes
current, the server is started again with it, so what is served is what the window names."""

from __future__ import annotations

from typing import Any

from inception_desktop.errors import WeightsError, msg
from inception_desktop.gui import jobs


class ServingMixin:
    """Part of AppController (which provides predictor, run, report_error and the signals
    predictor_ready and serving_changed)."""

    server: Any = None  # the in-process inference server, when serving
    served: Any = None  # the predictor it serves
    serving_wanted = False  # the user asked to serve (a restart may be under way)
    _serve_generation = 0  # counts stops: a restart that finishes after a stop is undone

    def start_serving(self, port: int, on_done, on_error) -> None:
        """Serve the current model on 127.0.0.1:port (the same server as `serve`)."""
        if self.predictor is None:
            on_error(WeightsError(msg("Load a network first: drop an image, "
                                      "or choose one in the toolbar")))
            return
        predictor = self.predictor
        self.serving_wanted = True
        generation = self._serve_generation

        def started(server) -> None:
            if generation != self._serve_generation:  # stopped meanwhile
                server.stop()
                return
            self.server, self.served = server, predictor
            self.serving_changed.emit(server)
            on_done(server)

        def failed(exc: BaseException) -> None:
            self.serving_wanted = False
            on_error(exc)

        self.run("serve", jobs.serve_job, predictor, port, on_done=started, on_error=failed)

    def stop_serving(self) -> None:
        server, self.server, self.served = self.server, None, None
        self.serving_wanted = False
        self._serve_generation += 1
        if server is not None:
            server.stop()
        self.serving_changed.emit(None)

    def served_name(self) -> str:
        """What the server serves, as the status bar names it (a fine-tuned model by its
        name, a network by its display name)."""
        if self.served is None:
            return ""
        return jobs.result_source(self.served).model

    def _follow_serving(self, predictor: Any) -> None:
        """Another model became current while serving: serve it instead (same port)."""
        server = self.server
        if server is None or predictor is self.served:
            return
        self.server, self.served = None, None
        port = server.options.port
        generation = self._serve_generation

        def restarted(new) -> None:
            if generation != self._serve_generation:  # stopped meanwhile
                new.stop()
                return
            self.server, self.served = new, predictor
            self.serving_changed.emit(new)

        def failed(exc: BaseException) -> None:
            self.serving_wanted = False
            self.serving_changed.emit(None)
            self.report_error(exc)

        self.serving_changed.emit(None)
        self.run("serve", jobs.restart_serving_job, server, predictor, port,
                 on_done=restarted, on_error=failed)
