"""A tiny SMTP server on a loopback port for the mail tests: it records messages, or hangs, or refuses, on demand."""

import socket
import threading


class SmtpStub:
    """mode "ok" answers like a mail server and keeps each message; "hang" accepts and says nothing; "refuse" 554s."""

    def __init__(self, mode="ok"):
        self.mode = mode
        self.messages = []
        self.connections = 0
        self.connected = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self.port = self._sock.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            self.connected.set()
            threading.Thread(target=self._session, args=(conn, self.mode), daemon=True).start()

    def _session(self, conn, mode):
        reader = conn.makefile("rb")
        try:
            if mode == "hang":
                reader.read()  # until the client goes away
                return
            if mode == "refuse":
                conn.sendall(b"554 no service\r\n")
                return
            conn.sendall(b"220 stub ESMTP\r\n")
            data = None
            for raw in reader:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if data is not None:
                    if line == ".":
                        self.messages.append("\n".join(data))
                        data = None
                        conn.sendall(b"250 queued\r\n")
                    else:
                        data.append(line)
                    continue
                verb = line.split(" ")[0].upper()
                if verb == "DATA":
                    data = []
                    conn.sendall(b"354 go ahead\r\n")
                elif verb == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self._stop = True
        self._sock.close()
