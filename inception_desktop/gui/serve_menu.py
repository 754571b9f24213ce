"""The window's Settings ▸ Serve on localhost and Serve port…: starting and stopping the
server, the status bar's segment naming what is served (the server follows the current model),
and the port field. Part of MainWindow."""

from __future__ import annotations

from inception_desktop.gui.format import describe_error
from inception_desktop.gui.i18n import translate


class ServeMenuMixin:
    """Part of MainWindow (which provides controller, settings, serve_action, status_serve,
    _serve_timer, show_error, clear_error and _on_remedy)."""

    def toggle_serving(self, on: bool) -> None:
        """Serve the current model over HTTP (Open Inference Protocol) in this process; the
        server follows the current model."""
        if not on:
            self.controller.stop_serving()
            return
        port = self.settings.serve_port

        def failed(exc) -> None:
            from inception_desktop.errors import PortInUse

            self.serve_action.setChecked(False)
            self.show_error(describe_error(exc), "serve")
            if isinstance(exc, PortInUse):
                self._on_remedy("port")

        self.controller.start_serving(port, lambda _server: None, failed)

    def _on_serving(self, server) -> None:
        """The status bar names what is served (the server follows the current model)."""
        serving = server is not None
        wanted = self.controller.serving_wanted
        self.serve_action.setChecked(serving or wanted)
        if serving:
            self.clear_error("serve")
            self.clear_error("port")
            self.status_serve.setToolTip(translate(
                "serve_menu", "{url}/v1/classify and the Open Inference Protocol under /v2; "
                "Settings ▸ Serve to stop").format(url=server.url))
            self._serve_timer.start(1000)
            self._update_serve_status()
        elif wanted:
            self.status_serve.setText(translate("serve_menu",
                                                "Serving: switching to the current model…"))
        else:
            self._serve_timer.stop()
        self.status_serve.setVisible(serving or wanted)
        self.fit_status_model()

    def _update_serve_status(self) -> None:
        server = self.controller.server
        if server is not None:
            n = server.requests
            # Short, so that the model's segment keeps its room at 1024 px; the URL whole
            # in the tooltip.
            self.status_serve.setText(translate(
                "serve_menu", "Serving {name} · localhost:{port} · %n request(s)", None, n
            ).format(name=self.controller.served_name(), port=server.options.port))

    def choose_port(self) -> None:
        """Settings ▸ Serve port…: the port the window serves on (serving moves to it)."""
        from inception_desktop.gui.int8_dialog import PortDialog

        dialog = PortDialog(self.settings.serve_port, self)
        self.port_dialog = dialog  # tests answer it

        def chosen() -> None:
            port = dialog.port()
            self.controller.update_settings(serve_port=port)
            self.serve_action.setText(
                translate("serve_menu", "&Serve on localhost:{port}").format(port=port))
            self.clear_error("port")
            if self.controller.server is not None:
                self.controller.stop_serving()
                self.serve_action.setChecked(True)
                self.toggle_serving(True)

        dialog.accepted.connect(chosen)
        dialog.open()
