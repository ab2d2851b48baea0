"""The emulator's implementation: wire-level handlers behind one routing function, served
in-process (httpx transports) and over sockets (``http.server``)."""
