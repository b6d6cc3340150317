"""Short news texts in many languages, written for this project (no outlet's text), each at least
40 characters: the language-identification fixtures of test_open_web.py and docs/languages.md.

Keys are ISO 639-1 codes; the texts of one language differ in length and topic on purpose (a
vote, a storm, a strike, a court, a border), the way wire items do.
"""

from __future__ import annotations

TEXTS: dict[str, list[str]] = {
    "en": [
        "The city council voted on Tuesday to close two bridges for repairs.",
        "Heavy rain flooded roads in the north, and the army sent boats to help residents.",
        "Dock workers walked out over pay, halting exports for a third day.",
        "The court ordered the release of the journalist after six months in detention.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstag beschlossen, zwei Brücken zu sperren.",
        "Nach dem Sturm waren viele Dörfer im Norden ohne Strom, teilte der Netzbetreiber mit.",
        "Die Gewerkschaft rief zu einem Streik auf, weil die Löhne seit Jahren nicht gestiegen sind.",
        "Das Gericht wies die Klage der Regierung gegen die Zeitung am Montag ab.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes el cierre de dos puentes por obras.",
        "Las lluvias inundaron varias carreteras del norte y el ejército envió barcas.",
        "Los trabajadores del puerto se declararon en huelga para exigir mejores salarios.",
        "El tribunal ordenó la liberación del periodista tras seis meses de prisión.",
    ],
    "fr": [
        "Le conseil municipal a voté mardi la fermeture de deux ponts pour travaux.",
        "De fortes pluies ont inondé les routes du nord et l'armée a envoyé des bateaux.",
        "Les dockers se sont mis en grève pour réclamer une hausse des salaires.",
        "Le tribunal a ordonné la libération du journaliste après six mois de détention.",
    ],
    "pl": [
        "Rada miasta zdecydowała we wtorek o zamknięciu dwóch mostów.",
        "Ulewne deszcze zalały drogi na północy kraju, a wojsko wysłało łodzie.",
        "Pracownicy portu rozpoczęli strajk, domagając się wyższych płac.",
        "Sąd nakazał zwolnienie dziennikarza po sześciu miesiącach aresztu.",
    ],
    "it": [
        "Il consiglio comunale ha votato martedì la chiusura di due ponti.",
        "Le piogge hanno allagato le strade del nord e l'esercito ha inviato barche.",
        "I lavoratori del porto hanno scioperato per chiedere salari più alti.",
        "Il tribunale ha ordinato il rilascio del giornalista dopo sei mesi di carcere.",
    ],
    "pt": [
        "A câmara municipal votou na terça-feira o encerramento de duas pontes.",
        "As chuvas fortes inundaram estradas no norte e o exército enviou barcos.",
        "Os trabalhadores do porto entraram em greve para exigir salários mais altos.",
        "O tribunal ordenou a libertação do jornalista após seis meses de prisão.",
    ],
    "nl": [
        "De gemeenteraad heeft dinsdag besloten twee bruggen te sluiten.",
        "Zware regen zette wegen in het noorden onder water en het leger stuurde boten.",
        "Havenarbeiders legden het werk neer omdat ze een hoger loon willen.",
        "De rechter beval de vrijlating van de journalist na zes maanden in de cel.",
    ],
    "ru": [
        "Городской совет во вторник проголосовал за закрытие двух мостов.",
        "Сильные дожди затопили дороги на севере, армия направила лодки.",
        "Портовые рабочие объявили забастовку, требуя повышения зарплаты.",
        "Суд постановил освободить журналиста после шести месяцев под стражей.",
    ],
    "uk": [
        "Міська рада у вівторок проголосувала за закриття двох мостів.",
        "Сильні дощі затопили дороги на півночі, і армія надіслала човни.",
        "Працівники порту оголосили страйк і вимагають вищої зарплати.",
        "Суд ухвалив звільнити журналіста після шести місяців під вартою.",
    ],
    "tr": [
        "Belediye meclisi salı günü iki köprünün kapatılmasına karar verdi.",
        "Şiddetli yağmurlar kuzeydeki yolları su altında bıraktı, ordu tekne gönderdi.",
        "Liman işçileri daha yüksek ücret talebiyle greve başladı.",
        "Mahkeme, altı ay tutuklu kalan gazetecinin serbest bırakılmasına hükmetti.",
    ],
    "ar": [
        "صوت المجلس البلدي يوم الثلاثاء على إغلاق جسرين للإصلاح.",
        "أغرقت الأمطار الغزيرة الطرق في الشمال وأرسل الجيش قوارب لمساعدة السكان.",
        "أضرب عمال الميناء عن العمل للمطالبة برفع الأجور.",
        "أمرت المحكمة بالإفراج عن الصحفي بعد ستة أشهر من الاحتجاز.",
    ],
    "zh": [
        "市议会周二投票决定关闭两座桥梁进行维修，预计工程将持续三个月，市民需要绕道通行。",
        "暴雨淹没了北部的道路，军队派出船只帮助居民撤离，气象部门预计这场降雨还将持续两天。",
        "港口工人举行罢工，要求提高工资，出口连续第三天中断，多家航运公司表示损失十分严重。",
        "法院下令释放被关押六个月的记者，他的律师对此表示欢迎，并呼吁政府撤销对他的所有指控。",
    ],
    "ja": [
        "市議会は火曜日、修理のため二つの橋を閉鎖することを決めた。工事は三か月続く見通しだ。",
        "大雨で北部の道路が冠水し、自衛隊がボートを派遣して住民を救助した。雨は明日まで続く。",
        "港湾労働者が賃上げを求めてストライキを行い、輸出が三日間止まった。交渉は来週再開される。",
        "裁判所は、六か月間拘束されていた記者の釈放を命じた。弁護士はこの決定を歓迎している。",
    ],
    "sw": [
        "Baraza la jiji lilipiga kura Jumanne kufunga madaraja mawili kwa matengenezo.",
        "Mvua kubwa zilifurika barabara za kaskazini na jeshi lilituma boti kusaidia wakazi.",
        "Wafanyakazi wa bandari waligoma wakidai mishahara bora.",
        "Mahakama iliamuru mwandishi wa habari aachiliwe baada ya miezi sita kizuizini.",
    ],
    "id": [
        "Dewan kota memutuskan pada hari Selasa untuk menutup dua jembatan.",
        "Hujan deras membanjiri jalan-jalan di utara dan tentara mengirim perahu.",
        "Para pekerja pelabuhan mogok kerja untuk menuntut kenaikan upah.",
        "Pengadilan memerintahkan pembebasan wartawan itu setelah enam bulan ditahan.",
    ],
    "cs": [
        "Městská rada v úterý rozhodla o uzavření dvou mostů kvůli opravám.",
        "Silné deště zaplavily silnice na severu a armáda vyslala čluny.",
        "Přístavní dělníci vstoupili do stávky a požadují vyšší mzdy.",
    ],
    "ro": [
        "Consiliul local a votat marți închiderea a două poduri pentru reparații.",
        "Ploile abundente au inundat drumurile din nord, iar armata a trimis bărci.",
        "Docherii au intrat în grevă, cerând salarii mai mari.",
    ],
    "sv": [
        "Kommunfullmäktige beslutade på tisdagen att stänga två broar.",
        "Kraftiga regn översvämmade vägarna i norr och armén skickade båtar.",
        "Hamnarbetarna gick ut i strejk för att kräva högre löner.",
    ],
    "el": [
        "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη το κλείσιμο δύο γεφυρών.",
        "Οι έντονες βροχές πλημμύρισαν τους δρόμους στον βορρά.",
        "Οι λιμενεργάτες απήργησαν ζητώντας υψηλότερους μισθούς.",
    ],
    "ko": [
        "시의회는 화요일 수리를 위해 다리 두 곳을 폐쇄하기로 결정했다. 공사는 석 달 동안 이어진다.",
        "폭우로 북부 지역 도로가 물에 잠기자 군이 보트를 보내 주민들을 구조했다고 밝혔다.",
        "항만 노동자들이 임금 인상을 요구하며 파업에 들어가 수출이 사흘째 멈춰 섰다.",
    ],
    "fa": [
        "شورای شهر روز سه‌شنبه به بستن دو پل برای تعمیر رأی داد.",
        "باران شدید جاده‌های شمال را زیر آب برد و ارتش قایق فرستاد.",
        "کارگران بندر برای افزایش دستمزد دست به اعتصاب زدند.",
    ],
    "hi": [
        "नगर परिषद ने मंगलवार को मरम्मत के लिए दो पुल बंद करने का फैसला किया।",
        "भारी बारिश से उत्तर की सड़कें डूब गईं और सेना ने नावें भेजीं।",
        "बंदरगाह के मजदूरों ने अधिक वेतन की मांग को लेकर हड़ताल की।",
    ],
    "he": [
        "מועצת העיר החליטה ביום שלישי לסגור שני גשרים לשיפוצים.",
        "גשמים עזים הציפו כבישים בצפון והצבא שלח סירות.",
        "עובדי הנמל פתחו בשביתה בדרישה להעלאת שכר.",
    ],
    "hu": [
        "A városi tanács kedden megszavazta két híd lezárását a javítások miatt.",
        "A heves esőzések elárasztották az északi utakat, a hadsereg csónakokat küldött.",
        "A kikötői munkások sztrájkba léptek magasabb béreket követelve.",
    ],
    "vi": [
        "Hội đồng thành phố hôm thứ Ba đã bỏ phiếu đóng cửa hai cây cầu để sửa chữa.",
        "Mưa lớn làm ngập các con đường ở phía bắc và quân đội đã gửi thuyền đến.",
        "Công nhân cảng đình công để đòi tăng lương.",
    ],
}

# An English report that quotes a German politician in German: the article is English.
ENGLISH_WITH_GERMAN_QUOTE = (
    "BERLIN, Nov 22 - The German finance minister defended the budget on Tuesday against critics "
    "in his own coalition, telling reporters in Berlin that the country could not spend its way out "
    'of the energy crisis. "Wir werden die Schuldenbremse im nächsten Jahr wieder einhalten", he '
    "said, adding that relief for households would continue through the winter. Opposition leaders "
    "said the plan left too little for hospitals and schools, and the debate in parliament is "
    "expected to last until Friday."
)

# A German report; its page carries an English headline (a syndication feed did that).
GERMAN_BODY = (
    "BERLIN, 22. November - Der Finanzminister hat den Haushalt am Dienstag gegen Kritik aus der "
    "eigenen Koalition verteidigt. Das Land könne sich nicht aus der Energiekrise herauskaufen, "
    "sagte er vor Journalisten in Berlin. Die Entlastungen für Haushalte sollen über den Winter "
    "weiterlaufen. Die Opposition kritisierte, der Plan lasse zu wenig Geld für Krankenhäuser und "
    "Schulen übrig. Die Debatte im Bundestag soll bis Freitag dauern."
)
ENGLISH_TITLE = "Finance minister defends budget against coalition critics"
