<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ko">
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
        <location filename="../../kiosk/screens/idle.py" line="+36"/>
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
        <location line="+4"/>
        <source>환영합니다</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>안녕하세요. 측정을 시작하려면 본인 확인 방법을 골라 주세요.</source>
        <translation>Hello. To start measuring, choose how to sign in.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../kiosk/widgets/keypad.py" line="+27"/>
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
        <location line="+2"/>
        <source>English</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location line="+1"/>
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
    <name>MeasureScreen</name>
    <message>
        <location filename="../../kiosk/screens/measure.py" line="+97"/>
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
        <location line="+14"/>
        <source>⚠ 직원에게 알렸어요. 잠시 앉아서 기다려 주세요.</source>
        <translation>⚠ A member of staff has been told. Please stay seated and wait.</translation>
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
        <location filename="../../kiosk/screens/result.py" line="+63"/>
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
        <location line="+64"/>
        <source>휴대폰 카메라로 QR 코드를 비추면 결과를 받을 수 있어요.</source>
        <translation>Point your phone camera at the QR code to get your results.</translation>
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
    <name>Screen</name>
    <message>
        <location filename="../../kiosk/screens/base.py" line="+41"/>
        <source>다음</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <location filename="../../kiosk/widgets/trend_chart.py" line="+52"/>
        <source>지난 기록이 없어요</source>
        <translation>No past records yet</translation>
    </message>
</context>
</TS>
