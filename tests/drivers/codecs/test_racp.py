"""Record Access Control Point 0x2A52."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.date_time import DateTime
from drivers.codecs.errors import CodecError, ReservedValue, TruncatedFrame
from drivers.codecs.racp import (
    FilterType,
    NumberOfRecordsResponse,
    Opcode,
    Operator,
    RacpMessage,
    RacpRequest,
    ResponseCode,
    ResponseCodeResponse,
    decode_racp,
    encode_racp,
    report_all_records,
    report_records_from,
)
from tests.drivers.codecs.strategies import date_times, u16

# NordicSemiconductor/Android-BLE-Common-Library ble-common/src/test/java/.../
# RecordAccessControlPointDataCallbackTest.java (devices-and-protocols.md §2.6)
NORDIC = [
    ("06 00 01 01", ResponseCodeResponse(Opcode.REPORT_STORED_RECORDS, ResponseCode.SUCCESS)),
    ("06 00 01 06", ResponseCodeResponse(Opcode.REPORT_STORED_RECORDS, ResponseCode.NO_RECORDS_FOUND)),
    ("05 00 01", NumberOfRecordsResponse(1, 1)),
    ("05 00 02 01", NumberOfRecordsResponse(258, 2)),
    ("05 00 04 03 02 01", NumberOfRecordsResponse(16909060, 4)),
]


@pytest.mark.parametrize(("frame", "message"), NORDIC)
def test_nordic_vectors(frame: str, message: RacpMessage) -> None:
    assert decode_racp(bytes.fromhex(frame)) == message
    assert encode_racp(message) == bytes.fromhex(frame)


def test_nordic_three_octet_count_is_invalid() -> None:
    with pytest.raises(CodecError):
        decode_racp(bytes.fromhex("05 00 03 02 01"))


def test_cited_requests() -> None:
    # devices-and-protocols.md §2.6: "all records" 01 01; "≥ seq 5" 01 03 01 05 00
    assert encode_racp(report_all_records()) == bytes.fromhex("01 01")
    assert encode_racp(report_records_from(5)) == bytes.fromhex("01 03 01 05 00")
    assert decode_racp(bytes.fromhex("01 03 01 05 00")) == report_records_from(5)


def test_success_property() -> None:
    assert decode_racp(bytes.fromhex("06 00 01 01")).success  # type: ignore[union-attr]
    assert not decode_racp(bytes.fromhex("06 00 01 06")).success  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("07 00", ReservedValue),  # op code 7 not in this table
        ("01 07", ReservedValue),  # operator 7 reserved
        ("06 00 01 0A", ReservedValue),  # response code 10 reserved
        ("06 01 01 01", ReservedValue),  # responses use the null operator
        ("01 03 03 05 00", ReservedValue),  # filter type 3 not supported
        ("01 03 01 05", TruncatedFrame),
        ("01 00", CodecError),  # report with the null operator
        ("03 01", CodecError),  # abort takes the null operator
        ("05 00", CodecError),  # count missing
    ],
)
def test_malformed(frame: str, error: type[CodecError]) -> None:
    with pytest.raises(error):
        decode_racp(bytes.fromhex(frame))


def test_user_facing_time_range() -> None:
    frame = bytes.fromhex("04 04 02 EA 07 03 02 00 00 00 EA 07 03 02 17 3B 3B")
    request = decode_racp(frame)
    assert request == RacpRequest(
        Opcode.REPORT_NUMBER_OF_RECORDS,
        Operator.WITHIN_RANGE,
        FilterType.USER_FACING_TIME,
        (DateTime(2026, 3, 2, 0, 0, 0), DateTime(2026, 3, 2, 23, 59, 59)),
    )
    assert encode_racp(request) == frame


def test_abort() -> None:
    assert decode_racp(bytes.fromhex("03 00")) == RacpRequest(Opcode.ABORT_OPERATION, Operator.NULL)


@st.composite
def requests(draw: st.DrawFn) -> RacpRequest:
    opcode = draw(
        st.sampled_from(
            [
                Opcode.REPORT_STORED_RECORDS,
                Opcode.DELETE_STORED_RECORDS,
                Opcode.REPORT_NUMBER_OF_RECORDS,
                Opcode.ABORT_OPERATION,
            ]
        )
    )
    if opcode is Opcode.ABORT_OPERATION:
        return RacpRequest(opcode, Operator.NULL)
    operator = draw(st.sampled_from([op for op in Operator if op is not Operator.NULL]))
    count = {Operator.LESS_THAN_OR_EQUAL: 1, Operator.GREATER_THAN_OR_EQUAL: 1, Operator.WITHIN_RANGE: 2}.get(
        operator, 0
    )
    if not count:
        return RacpRequest(opcode, operator)
    filter_type = draw(st.sampled_from(list(FilterType)))
    value: st.SearchStrategy[int | DateTime] = (
        u16 if filter_type is FilterType.SEQUENCE_NUMBER else date_times()
    )
    values = tuple(draw(st.lists(value, min_size=count, max_size=count)))
    return RacpRequest(opcode, operator, filter_type, values)


@st.composite
def counts(draw: st.DrawFn) -> NumberOfRecordsResponse:
    size = draw(st.sampled_from([1, 2, 4]))
    return NumberOfRecordsResponse(draw(st.integers(0, 2 ** (8 * size) - 1)), size)


messages = st.one_of(
    requests(),
    counts(),
    st.builds(ResponseCodeResponse, st.sampled_from(list(Opcode)), st.sampled_from(list(ResponseCode))),
)


@given(messages)
def test_round_trip(message: RacpMessage) -> None:
    frame = encode_racp(message)
    assert decode_racp(frame) == message
    assert encode_racp(decode_racp(frame)) == frame


def test_encode_refuses_inconsistent_requests() -> None:
    with pytest.raises(CodecError):
        encode_racp(
            RacpRequest(Opcode.REPORT_STORED_RECORDS, Operator.WITHIN_RANGE, FilterType.SEQUENCE_NUMBER, (1,))
        )
    with pytest.raises(CodecError):
        encode_racp(RacpRequest(Opcode.NUMBER_OF_RECORDS_RESPONSE, Operator.ALL_RECORDS))
    with pytest.raises(CodecError):
        encode_racp(NumberOfRecordsResponse(256, 1))
