<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ko">
<context>
    <name>BatteryScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/battery.py" line="+37"/>
        <source>이 참가자 검사 끝내기</source>
        <translation>Finish this participant</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>체력 검사</source>
        <translation>Fitness tests</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>결과 요약</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>다시 하기</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>하기</source>
        <translation>Do</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>점검 중인 기기예요</source>
        <translation>Device under maintenance</translation>
    </message>
</context>
<context>
    <name>CalibrationLogScreen</name>
    <message>
        <location filename="../../kiosk/screens/technician/log.py" line="+51"/>
        <source>교정 기록</source>
        <translation>Calibration log</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>기기 목록으로</source>
        <translation>Back to devices</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>교정 통과: 기기를 다시 쓸 수 있어요.</source>
        <translation>Calibration passed: the device can be used again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>교정 불합격: 기기가 잠겼어요.</source>
        <translation>Calibration failed: the device is locked out.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>교정 기록이 없어요.</source>
        <translation>No calibrations recorded.</translation>
    </message>
</context>
<context>
    <name>CalibrationScreen</name>
    <message>
        <location filename="../../kiosk/screens/technician/calibration.py" line="+96"/>
        <source>기준기 일련번호 (여러 개면 쉼표로 구분)</source>
        <translation>Reference serial numbers (comma-separated)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기준값 (%1)</source>
        <translation>Reference value (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기기 측정값 (%1)</source>
        <translation>Device reading (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기준값 입력</source>
        <translation>Enter reference value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>측정값 입력</source>
        <translation>Enter reading</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기기에서 읽기</source>
        <translation>Read from the device</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>이 점 추가</source>
        <translation>Add this point</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>마지막 점 빼기</source>
        <translation>Remove last point</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>교정 점검</source>
        <translation>Calibration check</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>판정하고 기록</source>
        <translation>Judge and record</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>허용 오차 ±%1 %2 또는 %3%, 기준: %4</source>
        <translation>Tolerance ±%1 %2 or %3%, source: %4</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>기기에서 읽는 중…</source>
        <translation>Reading from the device…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>이 기기 값은 직접 입력해 주세요.</source>
        <translation>Enter this device&apos;s value by hand.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>기기 측정값을 받았어요.</source>
        <translation>Device reading received.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>기기에서 읽지 못했어요: </source>
        <translation>Could not read from the device: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>기준값과 측정값을 숫자로 입력해 주세요.</source>
        <translation>Enter the reference value and the reading as numbers.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>통과</source>
        <translation>Pass</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>불합격</source>
        <translation>Fail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>아직 기준점이 없어요.</source>
        <translation>No reference points yet.</translation>
    </message>
</context>
<context>
    <name>CameraSetupScreen</name>
    <message>
        <location filename="../../kiosk/screens/camera_setup.py" line="+62"/>
        <source>노란 선 두 개가 바닥의 의자 표시와 3 m 선에 맞는지 확인하세요.
한 분이 의자에 앉아 몸 전체가 보이는지 확인하세요.</source>
        <translation>Check that the two yellow lines match the chair mark and the 3 m line on the floor.
Have someone sit on the chair and check that the whole body is in view.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>의자</source>
        <translation>Chair</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>3 m 선</source>
        <translation>3 m line</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>설치 확인 기록</source>
        <translation>Record setup check</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>카메라 설치 확인</source>
        <translation>Camera setup check</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>카메라를 켜는 중…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>카메라를 열 수 없어요.</source>
        <translation>Cannot open the camera.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>✔ 몸 전체가 보여요.</source>
        <translation>✔ The whole body is in view.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>카메라가 멈췄어요.</source>
        <translation>The camera stopped.</translation>
    </message>
</context>
<context>
    <name>CameraTestScreen</name>
    <message>
        <location filename="../../kiosk/screens/camera_test.py" line="+131"/>
        <source>시작</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>멈춤</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>점수 확인</source>
        <translation>Confirm score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>점수 수정</source>
        <translation>Correct score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>수정한 점수 저장</source>
        <translation>Save corrected score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>수정 이유 (예: 직접 센 횟수)</source>
        <translation>Reason for the change (e.g. counted by hand)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>카메라 검사</source>
        <translation>Camera test</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>먼저 참가자를 선택해 주세요.</source>
        <translation>Choose a participant first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>화면에 몸 전체가 보이는지 확인한 뒤 &apos;시작&apos;을 누르세요.</source>
        <translation>Check that the whole body is on screen, then press &apos;Start&apos;.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>카메라를 열 수 없어요. 기술자에게 알려 주세요.</source>
        <translation>Cannot open the camera. Please tell a technician.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>측정 중: %1초</source>
        <translation>Measuring: %1 s</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>카메라가 멈췄어요.</source>
        <translation>The camera stopped.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>시작하세요.</source>
        <translation>Begin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>측정 중</source>
        <translation>Measuring</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>점수를 계산하지 못했어요. 직접 잰 값을 입력해 주세요.</source>
        <translation>Could not compute a score. Enter the value you measured by hand.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+4"/>
        <source>초</source>
        <translation>s</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>회</source>
        <translation>reps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>자동 점수: %1</source>
        <translation>Automatic score: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>확인 필요: </source>
        <translation>Needs checking: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>신뢰도 %1</source>
        <translation>Confidence %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>점수를 확인하거나 수정해 주세요.</source>
        <translation>Confirm or correct the score.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>직접 잰 점수 (%1)</source>
        <translation>Score measured by hand (%1)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>숫자를 다시 입력해 주세요.</source>
        <translation>Please enter the number again.</translation>
    </message>
</context>
<context>
    <name>CardScreen</name>
    <message>
        <location filename="../../kiosk/screens/identify.py" line="+135"/>
        <source>회원카드를 읽히거나 QR 코드를 비추세요.
카드 번호를 눌러 입력해도 돼요.</source>
        <translation>Scan your member card or show your QR code.
You can also type in the card number.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>회원카드</source>
        <translation>Member card</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../kiosk/screens/consent.py" line="+50"/>
        <source>측정값은 이 측정소와 광주 건강 플랫폼에 이름 없이 회원번호로만 저장돼요.
주민등록번호와 전화번호는 저장하지 않아요.</source>
        <translation>Your measurements are stored at this station and on the Gwangju health platform under your member number only, without your name.
Your resident registration number and phone number are never stored.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(필수) 측정 서비스 이용에 동의해요</source>
        <translation>(Required) I agree to use the measurement service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(필수) 혈압·체성분 같은 건강정보 처리에 동의해요</source>
        <translation>(Required) I agree to the processing of health information such as blood pressure and body composition</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(선택) 연구와 제품 검증에 쓰는 데 동의해요</source>
        <translation>(Optional) I agree to its use for research and product validation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>필수 항목 두 가지에 동의해야 측정할 수 있어요.</source>
        <translation>You need to agree to both required items to measure.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>개인정보 동의</source>
        <translation>Privacy consent</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <location filename="../../kiosk/screens/technician/devices.py" line="+57"/>
        <source>기기 상태</source>
        <translation>Device status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기기 찾기 · 페어링</source>
        <translation>Find and pair devices</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>교정 기록 보기</source>
        <translation>View calibration log</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>카메라 설치 확인</source>
        <translation>Camera setup check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>전송 상태</source>
        <translation>Upload status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>체력 검사 (직원 모드)</source>
        <translation>Fitness tests (staff mode)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>로그아웃</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>기술자 모드</source>
        <translation>Technician mode</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>기기 · 주소</source>
        <translation>Device · address</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>상태 · 다음 교정</source>
        <translation>Status · next calibration</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>사용 가능</source>
        <translation>Available</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>진단</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>교정 점검</source>
        <translation>Calibration check</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../../kiosk/screens/technician/diagnostics.py" line="+70"/>
        <source>측정 한 번 해 보기</source>
        <translation>Take one test reading</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>기기 진단</source>
        <translation>Device diagnostics</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>이 기기의 드라이버가 없어요 (설정 확인).</source>
        <translation>No driver for this device (check the configuration).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>측정 중…</source>
        <translation>Measuring…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>진행: </source>
        <translation>Progress: </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>받은 값</source>
        <translation>Received values</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>오류: </source>
        <translation>Error: </translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <location filename="../../kiosk/screens/goodbye.py" line="+32"/>
        <source>수고하셨어요.
결과는 안전하게 저장했어요.
건강한 하루 보내세요.</source>
        <translation>Well done.
Your results have been saved securely.
Have a healthy day.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>측정 끝</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>처음으로</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <location filename="../../kiosk/screens/history.py" line="+54"/>
        <source>혈압</source>
        <translation>Blood pressure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>체중·체성분</source>
        <translation>Weight and body composition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>악력</source>
        <translation>Grip strength</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>지난 기록</source>
        <translation>Past records</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>메뉴로</source>
        <translation>To the menu</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>회원만 지난 기록을 볼 수 있어요.</source>
        <translation>Only members can see past records.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>아직 기록이 없어요.</source>
        <translation>No records yet.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../kiosk/screens/identify.py" line="-84"/>
        <source>어떻게 확인할까요?</source>
        <translation>How would you like to sign in?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>회원카드 또는 QR 코드</source>
        <translation>Member card or QR code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>휴대전화 번호와 생년월일</source>
        <translation>Mobile number and date of birth</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>회원 가입 없이 측정하기</source>
        <translation>Measure without signing up</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>본인 확인</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <location filename="../../kiosk/screens/idle.py" line="+41"/>
        <source>라이프로그 건강측정소</source>
        <translation>Lifelog Health Station</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>혈압, 체중과 체성분, 악력을 직접 재 보세요.
측정 결과는 지난번 결과와 함께 보여 드려요.</source>
        <translation>Measure your blood pressure, weight and body composition, and grip strength yourself.
Your results are shown next to your previous ones.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>화면을 눌러 시작하기</source>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>직원</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>환영합니다</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>안녕하세요. 측정을 시작하려면 본인 확인 방법을 골라 주세요.</source>
        <translation>Hello. To start measuring, choose how to sign in.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../kiosk/widgets/keypad.py" line="+30"/>
        <source>지우기</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>← 한 칸</source>
        <translation>← Delete</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/window.py" line="+173"/>
        <source>글자 크기 %1%</source>
        <translation>Text size %1%</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>직원 호출</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◀ 이전</source>
        <translation>◀ Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>계속하기</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>직원을 불렀어요. 잠시만 기다려 주세요.</source>
        <translation>A member of staff has been called. Please wait a moment.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>계속하시려면 &apos;계속하기&apos;를 눌러 주세요. %1초 뒤에 처음 화면으로 돌아가요.</source>
        <translation>To carry on, press &apos;Continue&apos;. Returning to the start screen in %1 seconds.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>계속하시려면 화면의 계속하기를 눌러 주세요.</source>
        <translation>To carry on, press Continue on the screen.</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <location filename="../../kiosk/screens/maintenance.py" line="+32"/>
        <source>지금은 측정소를 점검하고 있어요.
직원에게 말씀해 주세요.</source>
        <translation>The station is under maintenance right now.
Please ask a member of staff.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>직원용 정보: </source>
        <translation>For staff: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>점검 중</source>
        <translation>Under maintenance</translation>
    </message>
</context>
<context>
    <name>ManualEntryScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/manual.py" line="+51"/>
        <source>직접 입력</source>
        <translation>Manual entry</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>저장</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>MeasureScreen</name>
    <message>
        <location filename="../../kiosk/screens/measure.py" line="+132"/>
        <source>그만하고 메뉴로</source>
        <translation>Stop and go to the menu</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>혈압 재기</source>
        <translation>Blood pressure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>체중·체성분 재기</source>
        <translation>Weight and body composition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>악력 재기</source>
        <translation>Grip strength</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>측정</source>
        <translation>Measurement</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>⚠ 직원에게 알렸어요. 잠시 앉아서 기다려 주세요.</source>
        <translation>⚠ A member of staff has been told. Please stay seated and wait.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>입력 완료</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>숫자를 다시 눌러 주세요.</source>
        <translation>Please enter the number again.</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <location filename="../../kiosk/screens/menu.py" line="+42"/>
        <source>무엇을 재 볼까요?</source>
        <translation>What would you like to measure?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>혈압 재기</source>
        <translation>Blood pressure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>체중·체성분 재기</source>
        <translation>Weight and body composition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>악력 재기</source>
        <translation>Grip strength</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> (완료)</source>
        <translation> (done)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>점검 중인 기기예요</source>
        <translation>This device is under maintenance</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>지난 기록 보기</source>
        <translation>See past records</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>측정 고르기</source>
        <translation>Choose a measurement</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>측정 마치기</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>ParticipantScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/participant.py" line="+94"/>
        <source>회원카드를 읽히거나 카드 번호를 입력하세요.</source>
        <translation>Tap the member card or enter the card number.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>태어난 해 (예: 1950)</source>
        <translation>Year of birth (e.g. 1950)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>비회원</source>
        <translation>Guest</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>남성</source>
        <translation>Male</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>여성</source>
        <translation>Female</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>☐ 참가자가 검사와 건강정보 수집에 동의했어요</source>
        <translation>☐ The participant agreed to the tests and to health-data collection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>☑ 참가자가 검사와 건강정보 수집에 동의했어요</source>
        <translation>☑ The participant agreed to the tests and to health-data collection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>카드 번호 입력</source>
        <translation>Enter card number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>태어난 해 입력</source>
        <translation>Enter year of birth</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>참가자 추가</source>
        <translation>Add participant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>검사 시작</source>
        <translation>Start tests</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>태어난 해를 다시 확인해 주세요.</source>
        <translation>Please check the year of birth.</translation>
    </message>
</context>
<context>
    <name>PhoneScreen</name>
    <message>
        <location filename="../../kiosk/screens/identify.py" line="+106"/>
        <source>휴대전화 번호를 눌러 주세요.</source>
        <translation>Enter your mobile phone number.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>생년월일 여덟 자리를 눌러 주세요. 예: 19520315</source>
        <translation>Enter your date of birth as eight digits, e.g. 19520315</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>휴대전화 번호</source>
        <translation>Mobile phone number</translation>
    </message>
</context>
<context>
    <name>ProfileScreen</name>
    <message>
        <location filename="../../kiosk/screens/profile.py" line="+66"/>
        <source>성별을 골라 주세요.</source>
        <translation>Please choose your sex.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>남자</source>
        <translation>Male</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>여자</source>
        <translation>Female</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>태어난 해 네 자리 (예: 1952)</source>
        <translation>Year of birth, four digits (e.g. 1952)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>기본 정보</source>
        <translation>About you</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>다음</source>
        <translation>Next</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>건너뛰기</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>태어난 해를 다시 확인해 주세요.</source>
        <translation>Please check the year of birth.</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../../kiosk/screens/result.py" line="+78"/>
        <source>결과지 인쇄</source>
        <translation>Print results</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>휴대폰으로 받기 (QR)</source>
        <translation>Get them on your phone (QR)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>측정 결과</source>
        <translation>Results</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>다른 측정 하기</source>
        <translation>Measure something else</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>휴대폰 카메라로 QR 코드를 비추세요.</source>
        <translation>Point your phone camera at the QR code.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>인쇄하지 못했어요. 직원에게 말씀해 주세요.</source>
        <translation>The printout didn&apos;t work. Please ask a member of staff.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>결과지를 인쇄했어요. 아래에서 받아 가세요.</source>
        <translation>Your results have been printed. Please take them from below.</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <location filename="../../kiosk/screens/technician/scan.py" line="+129"/>
        <source>주변 기기 찾기</source>
        <translation>Find nearby devices</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>블루투스 기기</source>
        <translation>Bluetooth devices</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>유선(시리얼) 포트</source>
        <translation>Wired (serial) ports</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>혈압계로 지정</source>
        <translation>Use as blood-pressure monitor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>체성분계로 지정</source>
        <translation>Use as body-composition scale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>악력계로 지정</source>
        <translation>Use as grip dynamometer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>설정 파일에 저장 (백업 후)</source>
        <translation>Save to the config file (after a backup)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>이 내용을 설정 파일의 [[devices]]에 넣으세요. 키오스크를 다시 시작해야 적용돼요.</source>
        <translation>Put this in the config file&apos;s [[devices]]. It applies after the kiosk restarts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>기기 찾기</source>
        <translation>Find devices</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>기기 목록으로</source>
        <translation>Back to devices</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;주변 기기 찾기&apos;를 누르고, 기기를 페어링 모드로 켜 두세요.</source>
        <translation>Press &apos;Find nearby devices&apos; and put the device in pairing mode.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>실패: </source>
        <translation>Failed: </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>알 수 없는 오류</source>
        <translation>Unknown error</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>기기를 찾지 못했어요. 전원과 블루투스(어댑터)를 확인하세요.</source>
        <translation>Device not found. Check its power and the Bluetooth adapter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>기기가 페어링을 거절했어요. 기기를 페어링 모드로 바꾸고 다시 누르세요.</source>
        <translation>The device refused to pair. Put it in pairing mode and press again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>연결이 끊겼어요. 기기를 가까이 두고 다시 해 보세요.</source>
        <translation>The connection dropped. Bring the device closer and try again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기기가 응답하지 않아요. 다시 해 보세요.</source>
        <translation>The device does not respond. Please try again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>이 기기는 페어링하지 않아요.</source>
        <translation>This device does not pair.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>기기 오류</source>
        <translation>Device error</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>찾는 중… ({0:g}초)</source>
        <translation>Searching… ({0:g} s)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>블루투스 {0}대, 포트 {1}개를 찾았어요.</source>
        <translation>Found {0} Bluetooth devices and {1} ports.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>찾은 기기가 없어요.</source>
        <translation>No devices found.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>지원하지 않는 기기</source>
        <translation>Unsupported device</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>페어링</source>
        <translation>Pair</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>연결 확인</source>
        <translation>Check connection</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>시리얼 포트가 없어요.</source>
        <translation>No serial ports.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>모델 확인 필요</source>
        <translation>Model needs checking</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>페어링 중… </source>
        <translation>Pairing… </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>페어링했어요. 어느 측정에 쓸지 고르세요.</source>
        <translation>Paired. Choose which measurement it is for.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>연결을 확인했어요. 어느 측정에 쓸지 고르세요.</source>
        <translation>Connection checked. Choose which measurement it is for.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>지정했어요. 아래 설정을 적용하려면 다시 시작하세요.</source>
        <translation>Assigned. Restart to apply the settings below.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>저장하지 못했어요: </source>
        <translation>Could not save: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>저장했어요 (백업: {0}). 키오스크를 다시 시작하면 적용돼요.</source>
        <translation>Saved (backup: {0}). It applies after the kiosk restarts.</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../kiosk/screens/base.py" line="+41"/>
        <source>다음</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/home.py" line="+79"/>
        <source>오늘의 체력 검사 참가자</source>
        <translation>Today&apos;s fitness-test participants</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>아직 참가자가 없어요. &apos;참가자 추가&apos;를 누르세요.</source>
        <translation>No participants yet. Press &apos;Add participant&apos;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>참가자 추가</source>
        <translation>Add participant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>기기 관리 (기술자 모드)</source>
        <translation>Device management (technician mode)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>전송 상태</source>
        <translation>Upload status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>로그아웃</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>직원 모드</source>
        <translation>Staff mode</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>남</source>
        <translation>M</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>여</source>
        <translation>F</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>회원</source>
        <translation>Member</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>비회원</source>
        <translation>Guest</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>완료 %1개</source>
        <translation>%1 done</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>이어서 검사</source>
        <translation>Continue tests</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>검사 끝</source>
        <translation>Finished</translation>
    </message>
</context>
<context>
    <name>StaffMeasureScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/measure.py" line="+37"/>
        <source>그만하고 검사 목록으로</source>
        <translation>Stop and go back to the test list</translation>
    </message>
</context>
<context>
    <name>StaffSignInScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/sign_in.py" line="+81"/>
        <source>직원 로그인</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>직원 번호</source>
        <translation>Staff number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>비밀번호 (숫자 4~8자리)</source>
        <translation>PIN (4–8 digits)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>또는 직원카드를 카드 리더기에 읽히세요.</source>
        <translation>Or tap your staff card on the card reader.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>번호 입력</source>
        <translation>Enter number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>비밀번호 입력</source>
        <translation>Enter PIN</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>직원 전용</source>
        <translation>Staff only</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>로그인</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>직원 로그인이 필요한 화면이에요.</source>
        <translation>This screen needs a staff sign-in.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>비밀번호를 여러 번 틀려서 계정이 잠겼어요. %1 이후에 다시 해 주세요.</source>
        <translation>Too many wrong PINs: the account is locked. Try again after %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>사용이 중지된 계정이에요. 관리자에게 문의해 주세요.</source>
        <translation>This account is disabled. Please contact an administrator.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>직원 번호나 비밀번호가 맞지 않아요. 다시 입력해 주세요.</source>
        <translation>Staff number or PIN is wrong. Please try again.</translation>
    </message>
</context>
<context>
    <name>SummaryScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/summary.py" line="+40"/>
        <source>결과지 인쇄 (PDF)</source>
        <translation>Print report (PDF)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>검사 결과 요약</source>
        <translation>Assessment summary</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>검사 목록으로</source>
        <translation>Back to the test list</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>항목</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>값</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>등급</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>입력 방식</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>기준표 없음</source>
        <translation>No norm table</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>결과지를 만들지 못했어요.</source>
        <translation>Could not create the report.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>결과지를 만들었어요: %1</source>
        <translation>Report created: %1</translation>
    </message>
</context>
<context>
    <name>SyncStatusScreen</name>
    <message>
        <location filename="../../kiosk/screens/staff/sync_status.py" line="+102"/>
        <source>보내지 못한 방문 (플랫폼이 거절)</source>
        <translation>Visits not sent (rejected by the platform)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>거절된 항목이 없어요.</source>
        <translation>No rejected items.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>지금 보내기</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>전송 상태</source>
        <translation>Upload status</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>보낼 차례를 기다리는 항목: %1건</source>
        <translation>Waiting to be sent: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>보낸 항목: %1건</source>
        <translation>Sent: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>거절된 항목: %1건</source>
        <translation>Rejected: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>마지막 전송 성공: %1</source>
        <translation>Last successful upload: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>아직 없음</source>
        <translation>None yet</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>플랫폼 주소가 설정되지 않았어요. 모든 결과는 이 기기에 안전하게 보관되고, 설정하면 보내요.</source>
        <translation>No platform address is configured. All results are kept safely on this station and will be sent once it is set.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>교정 일정·설정을 받지 못했어요: %1</source>
        <translation>Could not fetch the calibration schedule / settings: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>전송이 멈췄어요: %1</source>
        <translation>Uploading is paused: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>최근 전송 오류: %1</source>
        <translation>Last upload error: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>다음 시도: %1</source>
        <translation>Next attempt: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>자동으로 보내는 중이에요.</source>
        <translation>Uploading automatically.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1개 항목</source>
        <translation>%1 items</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>다시 보내기</source>
        <translation>Send again</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>이유가 전해지지 않았어요</source>
        <translation>No reason was given</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>다시 보낼 목록에 넣었어요 (%1건).</source>
        <translation>Queued to send again (%1).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>보내는 중이에요…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>지금 보낼 방문이 없어요.</source>
        <translation>Nothing to send right now.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>보냄 %1, 나중에 다시 %2, 거절 %3 (방문 수)</source>
        <translation>Sent %1, retry later %2, rejected %3 (visits)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>보내지 못했어요: %1</source>
        <translation>Could not send: %1</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <location filename="../../kiosk/widgets/trend_chart.py" line="+57"/>
        <source>지난 기록이 없어요</source>
        <translation>No past records yet</translation>
    </message>
</context>
</TS>
