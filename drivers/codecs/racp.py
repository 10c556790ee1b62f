"""Record Access Control Point 0x2A52: requests the station writes and responses it gets back.

Format (GLS 1.0 §3.6 / BPS 1.1 / GSS 0x2A52): ``[Op Code u8][Operator u8][Operand ...]``.

* Op codes: 1 Report stored records, 2 Delete stored records, 3 Abort operation, 4 Report
  number of stored records, 5 Number of stored records response, 6 Response code.
* Operators: 0 null, 1 all records, 2 ≤, 3 ≥, 4 within range (inclusive), 5 first, 6 last.
* Filter operand (operators 2-4): Filter Type u8 (1 = sequence number, uint16 values;
  2 = user facing time, Date Time values) followed by one value (≤, ≥) or two (range).
* Response code (op 6, operator null): request op code u8 + response code value u8
  (1 success, 2 op code not supported, 3 invalid operator, 4 operator not supported,
  5 invalid operand, 6 no records found, 7 abort unsuccessful, 8 procedure not completed,
  9 operand not supported).
* Number of records (op 5, operator null): the count.  The spec field is uint16; Nordic's
  parser (``RecordAccessControlPointDataCallbackTest.java``) also accepts 1- and 4-octet counts
  and rejects 3, and so do we; the width is kept so the frame re-encodes byte-exactly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TypeVar

from drivers.codecs._wire import Reader, check_uint, pack_u16
from drivers.codecs.date_time import DateTime, read_date_time, validate_date_time, write_date_time
from drivers.codecs.errors import CodecError, ReservedValue

WHAT = "Record Access Control Point 0x2A52"


class Opcode(enum.IntEnum):
    REPORT_STORED_RECORDS = 1
    DELETE_STORED_RECORDS = 2
    ABORT_OPERATION = 3
    REPORT_NUMBER_OF_RECORDS = 4
    NUMBER_OF_RECORDS_RESPONSE = 5
    RESPONSE_CODE = 6


class Operator(enum.IntEnum):
    NULL = 0
    ALL_RECORDS = 1
    LESS_THAN_OR_EQUAL = 2
    GREATER_THAN_OR_EQUAL = 3
    WITHIN_RANGE = 4
    FIRST_RECORD = 5
    LAST_RECORD = 6


class FilterType(enum.IntEnum):
    SEQUENCE_NUMBER = 1
    USER_FACING_TIME = 2


class ResponseCode(enum.IntEnum):
    SUCCESS = 1
    OPCODE_NOT_SUPPORTED = 2
    INVALID_OPERATOR = 3
    OPERATOR_NOT_SUPPORTED = 4
    INVALID_OPERAND = 5
    NO_RECORDS_FOUND = 6
    ABORT_UNSUCCESSFUL = 7
    PROCEDURE_NOT_COMPLETED = 8
    OPERAND_NOT_SUPPORTED = 9


_REQUEST_OPCODES = (Opcode.REPORT_STORED_RECORDS, Opcode.DELETE_STORED_RECORDS,
                    Opcode.ABORT_OPERATION, Opcode.REPORT_NUMBER_OF_RECORDS)
_VALUE_COUNT = {Operator.LESS_THAN_OR_EQUAL: 1, Operator.GREATER_THAN_OR_EQUAL: 1, Operator.WITHIN_RANGE: 2}
_COUNT_WIDTHS = (1, 2, 4)

FilterValue = int | DateTime
_E = TypeVar("_E", bound=enum.IntEnum)


@dataclass(frozen=True, slots=True)
class RacpRequest:
    """A request the collector writes, e.g. "report all records" = ``01 01``."""

    opcode: Opcode
    operator: Operator
    filter_type: FilterType | None = None
    values: tuple[FilterValue, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"type": "request", "opcode": self.opcode.name.lower(), "operator": self.operator.name.lower(),
                "filter_type": self.filter_type.name.lower() if self.filter_type else None,
                "values": [v.to_json() if isinstance(v, DateTime) else v for v in self.values]}


@dataclass(frozen=True, slots=True)
class NumberOfRecordsResponse:
    count: int
    count_size: int = 2  # octets the device used for the count (spec: 2)

    def to_json(self) -> dict[str, object]:
        return {"type": "number_of_records", "count": self.count, "count_size": self.count_size}


@dataclass(frozen=True, slots=True)
class ResponseCodeResponse:
    request_opcode: Opcode
    response_code: ResponseCode

    @property
    def success(self) -> bool:
        return self.response_code is ResponseCode.SUCCESS

    def to_json(self) -> dict[str, object]:
        return {"type": "response_code", "request_opcode": self.request_opcode.name.lower(),
                "response_code": self.response_code.name.lower(), "success": self.success}


RacpMessage = RacpRequest | NumberOfRecordsResponse | ResponseCodeResponse


def _enum(kind: type[_E], raw: int, field: str) -> _E:
    try:
        return kind(raw)
    except ValueError:
        raise ReservedValue(f"{WHAT}: {field} 0x{raw:02X} is reserved / not supported") from None


def _validate_request(request: RacpRequest) -> None:
    if request.opcode not in _REQUEST_OPCODES:
        raise CodecError(f"{WHAT}: op code {request.opcode.name} is a response, not a request")
    if request.opcode is Opcode.ABORT_OPERATION and request.operator is not Operator.NULL:
        raise CodecError(f"{WHAT}: Abort Operation takes the null operator")
    if request.opcode is not Opcode.ABORT_OPERATION and request.operator is Operator.NULL:
        raise CodecError(f"{WHAT}: {request.opcode.name} needs an operator other than null")
    wanted = _VALUE_COUNT.get(request.operator, 0)
    if (request.filter_type is None) != (wanted == 0) or len(request.values) != wanted:
        raise CodecError(f"{WHAT}: operator {request.operator.name} takes {wanted} filter value(s)")
    want_type = int if request.filter_type is FilterType.SEQUENCE_NUMBER else DateTime
    if not all(isinstance(v, want_type) and not isinstance(v, bool) for v in request.values):
        raise CodecError(f"{WHAT}: filter values do not match filter type {request.filter_type!r}")


def decode_racp(data: bytes) -> RacpMessage:
    """Decode any RACP value (request or response)."""
    reader = Reader(data, WHAT)
    opcode = _enum(Opcode, reader.u8("op code"), "op code")
    operator = _enum(Operator, reader.u8("operator"), "operator")
    message: RacpMessage
    if opcode is Opcode.RESPONSE_CODE or opcode is Opcode.NUMBER_OF_RECORDS_RESPONSE:
        if operator is not Operator.NULL:
            raise ReservedValue(f"{WHAT}: responses use the null operator, got {operator.name}")
        if opcode is Opcode.RESPONSE_CODE:
            request_opcode = _enum(Opcode, reader.u8("request op code"), "request op code")
            message = ResponseCodeResponse(request_opcode,
                                           _enum(ResponseCode, reader.u8("response code"), "response code"))
        else:
            size = reader.remaining
            if size not in _COUNT_WIDTHS:
                raise CodecError(f"{WHAT}: number of records must be 1, 2 or 4 octets, got {size}")
            count = int.from_bytes(reader.take(size, "number of records"), "little")
            message = NumberOfRecordsResponse(count, size)
    else:
        filter_type: FilterType | None = None
        values: list[FilterValue] = []
        wanted = _VALUE_COUNT.get(operator, 0)
        if wanted:
            filter_type = _enum(FilterType, reader.u8("filter type"), "filter type")
            for index in range(wanted):
                if filter_type is FilterType.SEQUENCE_NUMBER:
                    values.append(reader.u16(f"filter value {index + 1}"))
                else:
                    values.append(read_date_time(reader))
        message = RacpRequest(opcode, operator, filter_type, tuple(values))
        _validate_request(message)
    reader.end()
    return message


def encode_racp(message: RacpMessage) -> bytes:
    """The bytes for a request or response."""
    if isinstance(message, ResponseCodeResponse):
        return bytes([Opcode.RESPONSE_CODE, Operator.NULL, message.request_opcode, message.response_code])
    if isinstance(message, NumberOfRecordsResponse):
        if message.count_size not in _COUNT_WIDTHS:
            raise CodecError(f"{WHAT}: count_size must be 1, 2 or 4")
        check_uint(message.count, 8 * message.count_size, "number of records")
        return bytes([Opcode.NUMBER_OF_RECORDS_RESPONSE, Operator.NULL]) + message.count.to_bytes(
            message.count_size, "little")
    _validate_request(message)
    out = bytes([message.opcode, message.operator])
    if message.filter_type is not None:
        out += bytes([message.filter_type])
        for value in message.values:
            if isinstance(value, DateTime):
                out += write_date_time(validate_date_time(value))
            else:
                out += pack_u16(value, "sequence number")
    return out


def report_all_records() -> RacpRequest:
    """``01 01``: ask the device to send every stored record."""
    return RacpRequest(Opcode.REPORT_STORED_RECORDS, Operator.ALL_RECORDS)


def report_records_from(sequence_number: int) -> RacpRequest:
    """``01 03 01 nn nn``: records with sequence number ≥ ``sequence_number``."""
    return RacpRequest(Opcode.REPORT_STORED_RECORDS, Operator.GREATER_THAN_OR_EQUAL,
                       FilterType.SEQUENCE_NUMBER, (sequence_number,))


__all__ = ["FilterType", "NumberOfRecordsResponse", "Opcode", "Operator", "RacpMessage", "RacpRequest",
           "ResponseCode", "ResponseCodeResponse", "decode_racp", "encode_racp",
           "report_all_records", "report_records_from"]
