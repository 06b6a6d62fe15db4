"""A minimal Faust app for the foundation test: upper-cases values from one topic to another."""

import os

import faust

app = faust.App(
    os.environ["RELAY_APP_ID"],
    broker=f"kafka://{os.environ['RELAY_BROKER']}",
    value_serializer="raw",
    store="memory://",
    web_enabled=False,
    topic_allow_declare=False,
)
source = app.topic(os.environ["RELAY_SOURCE"], value_type=bytes)
target = app.topic(os.environ["RELAY_TARGET"], value_type=bytes)


@app.agent(source)
async def relay(stream):
    async for event in stream.events():
        await target.send(key=event.key, value=event.value.upper())
