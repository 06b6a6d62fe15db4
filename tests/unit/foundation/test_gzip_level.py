"""The producers' gzip batches are compressed at GZIP_LEVEL (aiokafka's own level is 9), and
every reader still reads them: plain gzip, one member."""

import gzip
import zlib

import pytest
from aiokafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

from newsroom_shared.kafka import GZIP_LEVEL, gzip_decode, gzip_encode

TEXT = b"".join(b"<p>Paragraph %d of a page, said the editor.</p>\n" % i for i in range(2000))


def _batch(values: list[bytes]) -> bytes:
    builder = DefaultRecordBatchBuilder(
        magic=2,
        compression_type=DefaultRecordBatch.CODEC_GZIP,
        is_transactional=0,
        producer_id=-1,
        producer_epoch=-1,
        base_sequence=-1,
        batch_size=10**8,
    )
    for offset, value in enumerate(values):
        builder.append(offset, timestamp=None, key=b"key", value=value, headers=[])
    return bytes(builder.build())


def test_encoder_writes_plain_gzip_at_the_level() -> None:
    encoded = gzip_encode(TEXT)
    assert gzip.decompress(encoded) == TEXT
    assert encoded == zlib.compress(TEXT, GZIP_LEVEL, wbits=31)


def test_batches_use_it_and_read_back() -> None:
    values = [TEXT, TEXT[:1000], b""]
    batch = _batch(values)
    assert [record.value for record in DefaultRecordBatch(batch)] == values
    assert len(batch) < len(TEXT) // 5


def test_every_batch_builder_calls_it() -> None:
    import aiokafka.codec
    import aiokafka.record.default_records as python_records
    import aiokafka.record.legacy_records as legacy_records

    modules = [aiokafka.codec, python_records, legacy_records]
    try:
        from aiokafka.record._crecords import default_records
        from aiokafka.record._crecords import legacy_records as c_legacy
    except ImportError:
        pass
    else:
        modules += [default_records, c_legacy]
    for module in modules:
        assert module.gzip_encode is gzip_encode, module.__name__
        assert module.gzip_decode is gzip_decode, module.__name__


def test_the_decoder_reads_what_gzip_reads() -> None:
    one, two = gzip.compress(TEXT, 9), gzip.compress(b"second member", 1)
    assert gzip_decode(one) == TEXT
    assert gzip_decode(memoryview(one)) == TEXT
    assert gzip_decode(one + two) == gzip.decompress(one + two) == TEXT + b"second member"
    assert gzip_decode(one + b"\0\0\0\0") == TEXT  # zero padding after a member
    assert gzip_decode(gzip.compress(b"")) == b""
    with pytest.raises(EOFError):
        gzip_decode(one[:-20])
