"""Tanita output records and PC-mode commands: cited vectors, round trips, fuzzing.

Sources:
* SC-240 manual p.24 "Output sample" (manualslib.mx/manual/187661/Tanita-Sc-240.html?page=24;
  also manualshive.com/ru/manual/tanita/sc-240/817425?page=24).  The manual typesets a space
  after each comma; the device sends none (reference §4 quotes it without spaces).  Its
  checksum FD is what the byte-sum rule gives (reference §4: derived and verified).
* MC-980MA PC-mode instructions §4.2 (gebruikershandleiding.com/Tanita-MC-980/...page=0009,
  libble.eu/tanita-mc-980/online-manual-604337/?page=0006): commands, ACKs and E0-E9.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs import tanita
from drivers.codecs.errors import CodecError

SC240_SAMPLE = (
    b'{0,16,~0,1,~1,1,~2,1,MO,"SC-240",SN,"00000002",Bt,0,GE,1,AG,30,Hm,170,Pt,0.0,Wk,82.7,'
    b"FW,18.6,fW,15.4,MW,67.3,mW,64.0,sW,19,bW,3.3,wW,48.0,ww,58.0,MI,28.6,Sw,63.6,OV,30.0,"
    b"IF,6,rb,8255,rB,1973,rJ,12,rA,28,ZF,369.4,CS,FD\r\n"
)


def test_sc240_manual_sample() -> None:
    record = tanita.decode_record(SC240_SAMPLE)
    assert record.model == "SC-240"
    assert record.serial_number == "00000002"
    assert record.gender == "male" and record.age_years == 30 and record.height_cm == 170
    assert record.weight_kg == 82.7
    assert record.body_fat_pct == 18.6
    assert record.fat_mass_kg == 15.4
    assert record.fat_free_mass_kg == 67.3
    assert record.muscle_mass_kg == 64.0
    assert record.body_water_kg == 48.0
    assert record.bmi_kg_m2 == 28.6
    assert record.basal_metabolism_kj == 8255
    assert record.impedance_ohm == 369.4
    assert tanita.encode_record(record) == SC240_SAMPLE  # the checksum recomputes to FD


def test_checksum_rule() -> None:
    body = SC240_SAMPLE[: SC240_SAMPLE.rindex(b"CS,")]
    assert tanita.checksum(body) == 0xFD


def test_wrong_checksum_is_rejected() -> None:
    with pytest.raises(CodecError, match="checksum"):
        tanita.decode_record(SC240_SAMPLE.replace(b"CS,FD", b"CS,FE"))
    with pytest.raises(CodecError):
        tanita.decode_record(SC240_SAMPLE.replace(b"82.7", b"82.8"))  # one digit flipped


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"D1\r\n", tanita.CommandAck("D1")),  # MC-980MA §4.2 item 11 ACK
        (b"D3!\r\n", tanita.CommandAck("D3", accepted=False)),  # item 13 parameter error
        (b"!\r\n", tanita.Rejected()),  # §4.2.2 incorrect command
        (b"E2\r\n", tanita.DeviceError("E2")),  # §4.2.3 impedance measurement error
    ],
)
def test_replies(line: bytes, message: tanita.Message) -> None:
    assert tanita.decode(line) == message
    assert tanita.encode(message) == line


def test_pc_mode_commands_match_manual_examples() -> None:
    # MC-980MA §4.2 items 10-14 "Transmission example"
    assert tanita.cmd_tare(1.0) == b"D001.0\r\n"
    assert tanita.cmd_gender("male") == b"D11\r\n"
    assert tanita.cmd_body_type() == b"D20\r\n"
    assert tanita.cmd_height(175.4) == b"D3175.4\r\n"
    assert tanita.cmd_age(30) == b"D430\r\n"
    assert tanita.decode_command(b"D3175.4\r\n") == ("D3", "175.4")
    with pytest.raises(ValueError, match="must be"):
        tanita.cmd_height(80)
    with pytest.raises(ValueError, match="must be"):
        tanita.cmd_age(3)
    with pytest.raises(ValueError, match="must be"):
        tanita.cmd_tare(11)
    with pytest.raises(ValueError, match="must be"):
        tanita.cmd_gender("x")


def test_error_meaning() -> None:
    assert tanita.DeviceError("E1").meaning == "overload of scale"


_headers = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz~", min_size=2,
                   max_size=2).filter(lambda h: h != "CS")
_values = st.text(alphabet="0123456789.-/: ABCXYZ", max_size=12) | st.builds(
    lambda s: f'"{s}"', st.text(alphabet="0123456789-ABC", max_size=10))


@given(st.lists(st.tuples(_headers, _values), max_size=30))
def test_round_trip(pairs: list[tuple[str, str]]) -> None:
    record = tanita.TanitaRecord((("{0", "16"), *pairs))
    assert tanita.decode_record(tanita.encode_record(record)) == record


@given(st.binary(max_size=80))
def test_fuzz_only_codec_errors(data: bytes) -> None:
    with contextlib.suppress(CodecError):
        tanita.decode(data)


@given(st.data())
def test_fuzz_mutated_sample(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(SC240_SAMPLE) - 1))
    byte = data.draw(st.integers(0, 255))
    mutated = SC240_SAMPLE[:index] + bytes([byte]) + SC240_SAMPLE[index + 1:]
    try:
        record = tanita.decode(mutated)
    except CodecError:
        return
    # a single substituted byte changes the byte sum, so only the identity survives
    assert mutated == SC240_SAMPLE and isinstance(record, tanita.TanitaRecord)
