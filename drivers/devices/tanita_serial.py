"""Tanita body-composition analyser over a serial line -> weight, body fat, impedance...

Two ways in (drivers.codecs.tanita for the bytes):

* **PC mode** when the caller gives ``sex``, ``height_cm`` and ``age_years``: send tare, gender,
  body type, height, age (each acknowledged by its echoed prefix), then ``G1``; the record
  follows when the person has stood on the electrodes (MC-980MA PC-mode instructions §4.2).
* **Listening** otherwise: the visitor keys their data on the analyser's panel and the record
  arrives unsolicited after the measurement (SC-240/SC-330 manuals: "the receiving side must
  always be ready to receive before measurement").  Lines that arrived before ``measure()``
  started are discarded, so a stale record is never taken for this visitor's.

Safety: ``impedance=False`` (pacemaker or other implanted electronics,
measurements/workflows/body_composition.py) is refused before anything is sent: none of the
cited serial documents gives a command for a weight-only measurement, and an analyser drives a
current through the body in every measurement mode we can start.

Device errors ``E0``..``E9`` (MC-980MA §4.2.3) and ``!`` end the measurement with a typed error.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from drivers.base import ProgressCallback
from drivers.codecs import tanita
from drivers.devices.serial_session import Now, SerialSession, guarded, start_fresh, utc_now
from drivers.errors import DeviceReportedError, DriverError, ProtocolViolation, Reason
from drivers.readings import BodyCompositionReading, DeviceIdentity, DeviceKind, LinkKind, Reading
from drivers.transport.serial import LineLink

# E-codes -> what the visitor is told (meanings: MC-980MA PC-mode instructions §4.2.3)
ERROR_REASONS: dict[str, Reason] = {
    "E0": Reason.MEASUREMENT_FAILED,  # internal trouble
    "E1": Reason.MEASUREMENT_FAILED,  # overload of scale
    "E2": Reason.MEASUREMENT_FAILED,  # impedance measurement error (bare feet / posture)
    "E3": Reason.MEASUREMENT_FAILED,  # zero point setting error (someone on the platform)
    "E4": Reason.MALFORMED_DATA,  # G1 without personal data: our protocol bug
    "E5": Reason.DEVICE_BUSY,  # zero point not yet set
    "E6": Reason.MALFORMED_DATA,  # parameter of the set data imperfect
    "E7": Reason.MEASUREMENT_FAILED,  # fat % measurement error
    "E8": Reason.MEASUREMENT_FAILED,  # setting item memory error
    "E9": Reason.MEASUREMENT_FAILED,  # negative overload
}


class TanitaDriver:
    """A :class:`drivers.base.MeasuringDriver` for Tanita analysers with CSV serial output.

    Args:
        link: the injected serial link.
        model: the expected model; replaced by the record's ``MO`` after the first reading.
        link_kind: SERIAL for a real port, SIMULATED for ``sim://``.
        ack_timeout_s: longest wait for a PC-mode acknowledgement.
        measure_timeout_s: longest wait for the record (the person has to step on).
        now: the station clock.
    """

    kind = DeviceKind.SCALE

    def __init__(self, link: LineLink, *, model: str = "Tanita analyser",
                 link_kind: LinkKind = LinkKind.SERIAL, ack_timeout_s: float = 2.0,
                 measure_timeout_s: float = 90.0, now: Now = utc_now) -> None:
        self.link = link
        self.ack_timeout_s = ack_timeout_s
        self.measure_timeout_s = measure_timeout_s
        self.now = now
        self._identity = DeviceIdentity(model, "Tanita", link.address, link_kind)

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    async def measure(self, on_progress: ProgressCallback | None = None, *, impedance: bool = True,
                      sex: str | None = None, height_cm: float | None = None,
                      age_years: int | None = None, tare_kg: float = 0.0) -> Reading:
        """One analysis.  ``sex`` is ``"male"``/``"female"``; all three of sex, height and age
        select PC mode, otherwise the driver listens for the panel-started measurement."""
        del on_progress  # the cited formats have no intermediate output
        if not impedance:
            raise DriverError(Reason.NOT_SUPPORTED, "weight-only measurement is not available on this "
                              "analyser over serial; use a weight-only scale")
        personal = None
        if sex is not None and height_cm is not None and age_years is not None:
            try:
                personal = (tanita.cmd_tare(tare_kg), tanita.cmd_gender(sex), tanita.cmd_body_type(),
                            tanita.cmd_height(height_cm), tanita.cmd_age(age_years))
            except ValueError as err:
                raise DriverError(Reason.MALFORMED_DATA, f"personal data out of range: {err}") from err
        return await guarded(self.link, None, self._measure(personal))

    async def _measure(self, personal: tuple[bytes, ...] | None) -> BodyCompositionReading:
        session = SerialSession(self.link, self.now)
        await start_fresh(self.link)
        if personal is not None:
            for command in personal:
                await self.link.write(command)
                self._check_ack(command[:2].decode("ascii"),
                                await session.read(tanita.decode, self.ack_timeout_s, "Tanita reply"))
            await self.link.write(tanita.START)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.measure_timeout_s
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise DriverError(Reason.TIMEOUT, f"no result in {self.measure_timeout_s:g} s")
            message = await session.read(tanita.decode, remaining, "Tanita line")
            if isinstance(message, tanita.TanitaRecord):
                return self._reading(message, session)
            if isinstance(message, tanita.DeviceError):
                raise DeviceReportedError(ERROR_REASONS.get(message.code, Reason.MEASUREMENT_FAILED),
                                          message.code, message.meaning)
            if isinstance(message, tanita.Rejected):
                raise ProtocolViolation("the analyser rejected a command (!)")
            # a late acknowledgement (G1 echo on some firmware) is harmless

    @staticmethod
    def _check_ack(prefix: str, message: tanita.Message) -> None:
        if isinstance(message, tanita.DeviceError):
            raise DeviceReportedError(ERROR_REASONS.get(message.code, Reason.MEASUREMENT_FAILED),
                                      message.code, message.meaning)
        if not isinstance(message, tanita.CommandAck) or message.prefix != prefix:
            raise ProtocolViolation(f"expected the {prefix} acknowledgement, got {message!r}")
        if not message.accepted:
            raise DeviceReportedError(Reason.MALFORMED_DATA, f"{prefix}!", "parameter rejected")

    def _reading(self, record: tanita.TanitaRecord, session: SerialSession) -> BodyCompositionReading:
        mass = record.weight_kg
        if mass is None or mass <= 0:
            raise DeviceReportedError(Reason.MEASUREMENT_FAILED, "Wk", "record without a weight")
        if record.impedance_ohm is None or record.body_fat_pct is None:
            raise DeviceReportedError(Reason.MEASUREMENT_FAILED, "ZF", "record without impedance results")
        self._identity = replace(self._identity, model=record.model or self._identity.model,
                                 serial_number=record.serial_number or self._identity.serial_number)
        height = record.height_cm
        return BodyCompositionReading(
            mass_kg=mass,
            device=self._identity,
            station_time=self.now(),
            height_m=None if height is None else height / 100.0,
            bmi_kg_m2=record.bmi_kg_m2,
            body_fat_pct=record.body_fat_pct,
            impedance_ohm=record.impedance_ohm,
            muscle_mass_kg=record.muscle_mass_kg,
            fat_free_mass_kg=record.fat_free_mass_kg,
            body_water_kg=record.body_water_kg,
            basal_metabolism_kj=record.basal_metabolism_kj,
            frames=tuple(session.frames),
        )

    async def close(self) -> None:
        await self.link.close()
