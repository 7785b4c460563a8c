"""The embedded broker never shows a worker a message that is still being written."""

import os

from kombu import Connection
from kombu.transport import filesystem

from studio import broker


def channel_in(tmp_path):
    for sub in ("queue", "processed", "control"):
        (tmp_path / sub).mkdir()
    connection = Connection(
        "filesystem://",
        transport="studio.broker:Transport",
        transport_options={
            "data_folder_in": str(tmp_path / "queue"),
            "data_folder_out": str(tmp_path / "queue"),
            "processed_folder": str(tmp_path / "processed"),
            "control_folder": str(tmp_path / "control"),
            "store_processed": False,
        },
    )
    return connection, connection.default_channel


def test_a_message_is_invisible_to_the_reader_until_it_is_whole(tmp_path, monkeypatch):
    connection, channel = channel_in(tmp_path)
    assert isinstance(channel, broker.Channel)
    seen_while_writing = []

    def encode_and_look(text):
        # What a worker listing the folder while the message is written takes for one.
        seen_while_writing.extend(
            name for name in os.listdir(tmp_path / "queue") if name.endswith(".tasks.msg")
        )
        return text.encode()

    # Both kombu's own writer and ours encode the payload while writing it.
    monkeypatch.setattr(broker, "str_to_bytes", encode_and_look)
    monkeypatch.setattr(filesystem, "str_to_bytes", encode_and_look)
    channel._put("tasks", {"body": "kick"})
    assert seen_while_writing == []
    assert channel._get("tasks") == {"body": "kick"}
    # kombu's own writer fails this: the empty file is there before the payload.
    filesystem.Channel._put(channel, "tasks", {"body": "kick"})
    assert seen_while_writing != []
    channel._get("tasks")
    assert os.listdir(tmp_path / "queue") == []  # no partial file left behind
    connection.release()
