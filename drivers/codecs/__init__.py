"""Pure protocol codecs: bytes <-> frozen, unit-bearing dataclasses.  No I/O, no asyncio.

BLE (SIG GATT): ``ieee11073`` (SFLOAT/FLOAT), ``blood_pressure`` (0x2A35/36/49),
``weight_scale`` (0x2A9D/9E), ``body_composition`` (0x2A9C/9B + two-packet assembler),
``date_time`` (0x2A08/2A2B), ``racp`` (0x2A52), ``device_info`` (0x2A19, DIS, System ID).
BLE (vendor): ``mi_scale`` (Xiaomi adverts), ``tindeq`` (Progressor).
Serial: ``and_weighing``, ``tanita``, ``mark10``.
``decode.decode(kind, data)`` turns any of them into JSON (``lifelog-kiosk decode``).
Every decoder raises ``errors.CodecError`` (or a subclass) and nothing else.
"""
