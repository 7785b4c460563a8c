"""The embedded broker of `make run` and the tests: kombu's filesystem transport, with
messages that appear whole.

Kombu's own `_put` creates the message file and only then locks and writes it; a worker
listing the folder in between moves the empty file away, fails to decode it and stops
("Unrecoverable error: JSONDecodeError"), so nothing is sent until it is restarted. Here
a message is written under a name the reader skips (it only takes `<queue>.msg`) and
renamed into place, which is atomic on one filesystem. Production uses Redis.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
