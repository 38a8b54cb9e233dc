# sandyk — кыргызча билдирүүлөр. en.ftl файлындагы id'лер жана жардам ачкычтары (help-…);
# муну `cargo test --lib i18n` тести текшерет. Терминдер docs/glossary.md боюнча гана:
# сактагыч, окуя, сырсөз, калыбына келтирүү ачкычы, ачкыч уячасы, топтом, мөөрлөө, жок кылуу,
# коркунуч сырсөзү, тиркеме, тег (tag), ат (label), номер (id).
# Подсказкалардагы буйруктар (`sandyk …`, --желектер, DIR, LABEL) которулбайт.
# Өзгөрмөгө ({ $path }, { $id }) мүчө улабаңыз: анын үнсүз/үндүүсү алдын ала белгисиз.
# Сан менен зат атооч жекелик түрдө турат ("3 окуя"), ошондуктан көптүк тандоо керек эмес.

## General
error = ката
warning = эскертүү
hint = кеңеш
yes-no = о/Ж
yes-answers = о,ооба,y,yes
bytes = байт

## Errors and hints
err-no-home = сактагычты жайгаштыруу үчүн үй каталогуңуз табылган жок
hint-vault-flag = каталогду тандаңыз: --vault DIR
err-no-vault = сактагыч жок: { $path }
hint-init = жаңысын түзүңүз: sandyk init   (же өзүңүздүкүн көрсөтүңүз: --vault DIR)
err-vault-exists = бул жерде сактагыч мурунтан эле бар: { $path }
hint-vault-exists = башка каталогду тандаңыз: --vault DIR; эч нерсе өзгөргөн жок
err-incomplete = сактагыч толук эмес: { $detail }
err-wrong-passphrase = сырсөз туура эмес
hint-wrong-passphrase = эч нерсе өзгөргөн жок; клавиатуранын тилин (кирилл же латын) жана Caps Lock баскычын текшериңиз
err-keyfile-damaged = ачкыч файлы бузулган ({ $detail })
err-keyfile-params = ачкыч файлынын параметрлери кабыл алынбайт ({ $detail }); файл алмаштырылган болушу мүмкүн
err-keyfile-version = ачкыч файлынын формат версиясы: { $version }; sandyk программасынын бул версиясы аны окуй албайт
hint-upgrade = sandyk программасынын жаңыраак версиясын орнотуңуз
hint-damaged = сактагычтын каталогун камдык көчүрмөдөн калыбына келтириңиз; эмне бузулганын `sandyk check` көрсөтөт
err-mismatch = ачкыч файлы менен маалымат базасы ар башка сактагычтарга таандык
err-db-damaged = маалымат базасы бузулган же бул ачкыч файлына таандык эмес
err-not-sqlcipher = sandyk программасынын бул курамында шифрлөө китепканасы (SQLCipher) жок; иштей албайт
err-no-incident = мындай номердеги окуя жок: { $id }
hint-list = номерлерди көрүү: sandyk list
err-deleted = окуя өчүрүлгөн: { $id }
hint-history = анын тарыхы сакталып калды: sandyk history { $id }
err-invalid-input = туура эмес маалымат: { $detail }
err-busy = сактагыч бош эмес (ага башка sandyk жазып жатат)
hint-retry = бир аздан кийин кайра аракет кылыңыз
err-kdf-ram = бул сактагычтын ачкычын чыгаруу үчүн { $need } МиБ эс керек, бул компьютердин эсинин жарымынан көп (уруксат { $limit } МиБ); эч нерсе жасалган жок
hint-kdf-ram = сактагычты эси көбүрөөк компьютерде ачыңыз; эгер мынчалык көлөмдү сиз койбосоңуз, ачкыч файлы өзгөртүлгөн болушу мүмкүн
err-db-setting = маалымат базасынын коопсуздук жөндөөсү колдонулган жок ({ $pragma }); сактагыч ачылбайт
hint-db-setting = sandyk программасынын бул курамы жөндөөнү этибарга албаган SQLite/SQLCipher менен курулган; sandyk расмий чыгарылышын орнотуңуз
err-journal = маалымат базасынын журналын кайра жазуу мүмкүн болгон жок ({ $detail })
hint-journal = диск бузук же окуу үчүн гана болушу мүмкүн; текшерип, буйрукту кайра аткарыңыз
err-read-only = жазуу мүмкүн эмес: сактагыч окуу үчүн гана болгон түзмөктө же ага жазууга уруксат жок { $detail }
err-disk-full = диск толуп калды
hint-nothing-changed = эч нерсе өзгөргөн жок; сактагыч мурунку абалында
err-io = киргизүү/чыгаруу катасы: { $detail }
err-db = маалымат базасынын катасы ({ $detail })
err-no-slot = «{ $label }» деген аты бар сырсөз же ачкыч жок
hint-passphrase-list = аттарды көрүү: sandyk passphrase list
err-last-slot = акыркы сырсөздү өчүрүүгө болбойт: сактагыч мындан ары эч качан ачылбай калат
err-sealed = сактагыч мөөрлөнгөн: аны юрист өз ачкычы менен гана ача алат
hint-unseal = юрист сырсөздү калыбына келтире алат: sandyk unseal --identity KEYFILE
err-symlink = { $path } — символдук шилтеме; sandyk ачкыч файлына же маалымат базасына шилтеме аркылуу өтпөйт
hint-symlink = башка түзмөктө сактагычты толугу менен сактаңыз: сактагычтын каталогун ошол жакка көчүрүп, --vault DIR (же SANDYK_VAULT) колдонуңуз; ошондо `sandyk panic` аны жок кыла алат
err-no-free-slot = бардык ачкыч уячалары ээленген
hint-no-free-slot = адегенде бирөөсүн өчүрүңүз: sandyk passphrase remove LABEL
err-too-long = ат же алуучу өтө узун
err-kdf = ачкычты түзүү ишке ашкан жок: { $detail }
err-kdf-params = ачкыч түзүүнүн параметрлери кабыл алынбайт: { $detail }
hint-kdf-floor = эң аз маанилер: --kdf-memory 64 --kdf-time 3
err-passphrase-read = сырсөздү окуу мүмкүн болгон жок: { $detail }
err-passphrase-eof = сырсөз берилген жок (киргизүү бүтүп калды)
hint-passphrase-fd = терминалда иштетиңиз же сырсөздөрдү файл дескриптору аркылуу бериңиз: --passphrase-fd 3 3< file
err-passphrase-too-long = сырсөз өтө узун (эң көп { $max } байт болушу керек)
err-no-terminal = сырсөздү суроо үчүн терминал жок
err-empty-passphrase = сырсөз бош
err-passphrase-mismatch = сырсөздөр дал келбейт
err-weak-passphrase = сырсөз өтө алсыз болгондуктан кабыл алынган жок
hint-generate = узунураак сырсөз колдонуңуз же sandyk өзү түзүп берсин: sandyk init --generate
err-generate-needs-terminal = түзүлгөн сырсөздү терминалда гана көрсөтүүгө болот
err-interrupted = токтотулду; эч нерсе өзгөргөн жок
err-input-too-large = киргизилген маалымат өтө чоң (эң көп { $max } МиБ)
err-not-utf8 = киргизилген маалымат UTF-8 текст эмес
err-json = JSON туура эмес: { $detail }
hint-json-fields = талаалар docs/incident-model.md файлында сүрөттөлгөн
err-add-needs-terminal = кадам-кадам форма үчүн терминал керек
hint-input-json = скрипттер үчүн JSON маалыматын stdin аркылуу бериңиз: --input json
err-confirm-needs-terminal = ырастоо үчүн терминал жок
hint-yes = буйрук сабында ырастоо үчүн --yes кошуңуз
err-date = «{ $text }» деген дата кабыл алынган жок: { $reason }
hint-date = мисалы: 2024-03-05, "2024-03-05 14:30", кечээ, "2 күн мурун"
err-empty-query = издөө сурамы бош
err-change-with-recovery = сиз калыбына келтирүү ачкычы менен ачтыңыз; аны сырсөзгө алмаштырууга болбойт
hint-passphrase-add = анын ордуна жаңы сырсөз кошуңуз: sandyk passphrase add --label NAME
err-label-taken = «{ $label }» деген ат мурунтан эле колдонулууда
err-category-id = категориянын идентификатору 1–64 тамгадан, сандан же астын сызуу белгисинен турушу керек
err-category-builtin = «{ $category }» — мурунтан эле бар, орнотулган категория

## Prompts
prompt-passphrase = Сырсөз
prompt-new-passphrase = Жаңы сырсөз
prompt-repeat-passphrase = Жаңы сырсөздү кайталаңыз
prompt-type-generated = Ал сизде бар экенин ырастоо үчүн жогорудагы сырсөздү териңиз
generated-passphrase = Жаңы сырсөзүңүз (жазып алып, бул компьютерден бөлөк сактаңыз; ал бир гана жолу көрсөтүлөт):
weak-passphrase = Бул сырсөз алсыз: түзмөктү тартып алган адам аны таап алышы мүмкүн. Болжолдуу убакыт: { $crack }.
offer-generate = Анын ордуна күчтүү сырсөз түзөлүбү?
insist-weak = Баары бир алсыз сырсөздү колдоносузбу?
warn-weak-passphrase = жаңы сырсөз алсыз (аны табууга кетчү убакыт: { $crack })
warn-harden = процессти коргоону күйгүзүү мүмкүн болгон жок: { $what }
attach-migrating = тиркемелер тиркемелер кампасына көчүрүлүүдө: { $count } ({ $size }) (бир жолу; үзгүлтүккө учураса, кийинки ишке киргизүүдө уланат)
warn-attach-migrate = бардык тиркемелерди тиркемелер кампасына көчүрүү мүмкүн болгон жок: { $detail } — калгандары мурунку ордунда окулат; sandyk кийинки ишке киргизүүдө кайра аракет кылат
calibrating = Ачкыч түзүүнүн оордугун тандоо үчүн бул компьютердин ылдамдыгы өлчөнүүдө…
vault-created = Сактагыч түзүлдү: { $path } (Argon2id: { $memory } МиБ, өтүүлөр: { $passes }, агымдар: { $lanes }; ачуу { $seconds } сек. созулду).
hint-after-init = Кийинки кадам: окуяны `sandyk add` менен жазыңыз; сырсөздү унутуп калган учур үчүн калыбына келтирүү ачкычын түзүп алыңыз: `sandyk recovery-key`.
form-intro = Жаңы окуя. Талааны бош калтыруу үчүн Enter басыңыз. Сиз ырастамайынча эч нерсе сакталбайт.
prompt-title = Аталышы (бир нече сөз)
prompt-occurred = Качан болду? (мисалы, "кечээ саат 15те", 2024-03-05 14:30)
confirm-date = Мындай түшүнүлдү: { $when }. Туурабы?
date-not-understood = Түшүнүксүз ({ $reason }). Кайра жазыңыз, мисалы: 2024-03-05, "кечээ саат 15:00дө", "2 күн мурун", белгисиз.
prompt-location = Кайда?
prompt-category = Категория (тизмедеги номери же идентификатору)
category-unknown = Белгисиз категория: «{ $category }».
prompt-tags = Тегдер (үтүр менен бөлүп)
prompt-perpetrators = Ким кылды? Ар бирин өзүнчө сапка жазыңыз (формасы же мекемеси, унаалары жана номерлери, канча адам); бүтүрүү үчүн бош сап.
prompt-victims = Ким жабыр тартты? Ар бирин өзүнчө сапка жазыңыз; бүтүрүү үчүн бош сап.
prompt-witnesses = Күбөлөр барбы? Ар бирин өзүнчө сапка жазыңыз; бүтүрүү үчүн бош сап.
prompt-source = Булак (ким кабарлады)
prompt-reliability = Ишенимдүүлүк
prompt-confidentiality = Купуялуулук
prompt-narrative = Эмне болду? Канча керек болсо, ошончо жазыңыз; аягында бир гана чекит (.) турган сап жазыңыз
confirm-save = Бул окуяны сактайлыбы?
not-saved = сакталган жок
incident-saved = Окуя сакталды: { $id }.
amend-intro = Жаңы маанилерди жазыңыз; талааны өзгөртпөө үчүн Enter басыңыз.
confirm-change-date = Окуянын убактысын өзгөртөсүзбү?
confirm-change-category = Категорияны өзгөртөсүзбү?
confirm-change-narrative = Баяндаманы алмаштырасызбы?
incident-amended = Окуя оңдолду: { $id }; мурунку версиясы анын тарыхында калат.
incident-unchanged = Эч нерсе өзгөргөн жок.
confirm-delete = Бул окуяны өчүрөсүзбү? Анын мазмуну жок кылынат; өчүрүлгөнү жана убактысы гана калат.
not-deleted = өчүрүлгөн жок
incident-deleted = Окуя өчүрүлдү: { $id }.
prompt-search = Эмнени издейсиз
no-incidents = Окуялар жок.
deleted-at = өчүрүлгөн:
narrative-hidden = толук текст терминалдын тарыхында калбашы үчүн баяндама кыскартылды; толугу менен көрүү: sandyk show { $id } --full
passphrase-changed = Сырсөз өзгөртүлдү (Argon2id: { $memory } МиБ, өтүүлөр: { $passes }).
passphrase-added = «{ $label }» деген сырсөз кошулду.
slot-removed = «{ $label }» өчүрүлдү; ал мындан ары сактагычты ачпайт.
recovery-key-intro = Калыбына келтирүү ачкычы (кагазга жазып, коопсуз жерде сактаңыз; ал сактагычты сырсөз сыяктуу ачат жана бир гана жолу көрсөтүлөт):
category-added = «{ $category }» деген категория кошулду.

## check
check-summary = { $incidents } окуя, { $deleted } өчүрүлгөн, { $revisions } версия.
chain-head = Чынжырдын акыркы шакеги
check-ok = Бардык текшерүүлөр ийгиликтүү өттү: ачкыч файлы, шифрлөө, маалымат базасынын түзүлүшү жана хеш чынжыры.
check-failed = { $count } көйгөй табылды
check-unlabelled-slot = сиз ачкан ачкыч уячасынын маалымат базасында аты жок

## Fields
field-id = Номер
field-title = Аталыш
field-occurred = Качан
field-recorded = Жазылган
field-location = Орун
field-category = Категория
field-tags = Тегдер
field-perpetrator = Укук бузуучу
field-victim = Жабырлануучу
field-witness = Күбө
field-source = Булак
field-reliability = Ишенимдүүлүк
field-confidentiality = Купуялуулук
people-count = { $count } адам
when-unknown = белгисиз

precision-exact = так
precision-approximate = болжолдуу
precision-day = күн
precision-part_of_day = күндүн бир бөлүгү
precision-range = аралык
precision-unknown = белгисиз

reliability-firsthand = өз көзү менен
reliability-high = жогору
reliability-medium = орто
reliability-low = төмөн
reliability-unknown = белгисиз

confidentiality-public = ачык
confidentiality-restricted = чектелген
confidentiality-confidential = купуя
confidentiality-secret = жашыруун

op-add = кошулду
op-amend = оңдолду
op-delete = өчүрүлдү
history-tombstone = өчүрүү белгиси
history-destroyed = мазмуну жок кылынган

slot-kind-passphrase = сырсөз
slot-kind-recovery = калыбына келтирүү ачкычы
slot-kind-duress = коркунуч сырсөзү

## Categories
category-followed = Аңдуу
category-photographed = Сүрөткө же видеого тартуу
category-wiretap = Тыңшоо же түзмөктү бузуп кирүү шеги
category-raid = Тинтүү же рейд
category-summons = Чакыруу же сурак
category-threat_in_person = Жүзмө-жүз коркутуу
category-threat_online = Интернетте коркутуу
category-detention = Кармоо же камакка алуу
category-assault = Кол салуу
category-smear_campaign = Каралоо кампаниясы
category-online_harassment = Интернеттеги куугунтук
category-home_visit = Үйгө келүү
category-other = Башка

## Emergency: panic, wipe, seal, unseal, duress
emergency-nothing-left = Жок кылуунун кереги жок: { $path } ичинде сактагыч жок (ал мурда эле жок кылынган же ал жерде түзүлгөн эмес).
emergency-destroyed = Сактагыч жок кылынды: ачкыч { $ms } мс ичинде өчүрүлдү, сактагычтын файлдары жана каталогу ({ $path }) өчүрүлдү. Башка жердеги көчүрмөлөргө жана камдык көчүрмөлөргө тийилген жок.
emergency-left-in-place = Каталог ордунда калды: анда сактагычка тиешеси жок дагы { $count } файл бар.
err-emergency-not-wiped = сактагыч жок кылынган ЖОК: ачкыч файлын жок кылуу мүмкүн болбоду: { $path } ({ $detail })
hint-emergency-not-wiped = сактагыч дагы эле сырсөз менен ачылышы мүмкүн; түзмөк окуу үчүн гана болсо же ага жазууга укугуңуз жок болсо, түзмөктүн өзүн жок кылыңыз же андан кутулуңуз
err-emergency-incomplete = ачкыч жок кылынды (маалыматтын шифрин мындан ары чечүүгө болбойт), бирок сактагычтын айрым файлдарын өчүрүү мүмкүн болбоду: { $path } ({ $detail })
hint-emergency-incomplete = `sandyk panic` буйругун кайра иштетиңиз; калганы — окулбай турган шифрленген маалымат
err-emergency-not-a-directory = { $path } — сактагычтын каталогу эмес
emergency-wipe-intro = Бул сактагычты биротоло жок кылат ({ $path }):
emergency-what-key = ачкыч файлы: кокус байттар менен кайра жазылат, дискке сакталат жана өчүрүлөт — мындан кийин сактагычтын шифрин эч нерсе чече албайт
emergency-what-db = шифрленген маалымат базасы: өчүрүлөт, андан кийин кайра жазылат
emergency-what-journal = маалымат базасынын журналы: өчүрүлөт, андан кийин кайра жазылат
emergency-cannot-guarantee = Бул эмнеге кепилдик бере албайт:
    - SSD, флешка, SD карта, телефондордо жана көчүрүп жазуучу файл системаларында (btrfs, ZFS, APFS) ачкыч файлынын эски көчүрмөлөрү түзмөктүн ичинде калышы мүмкүн. Алар сиздин сырсөзүңүз менен гана ачылат: аны кийин да эч кимге айтпаңыз.
    - Сиз жасаган көчүрмөлөргө жана камдык көчүрмөлөргө (экспорттолгон топтомдор, башка дисктер, булут) тийилбейт.
    - sandyk программасы орнотулган бойдон калат; анын бар экени аны колдонгонуңузду көрсөтөт.
    - Жок кылуу далилдерди жок кылуу катары бааланышы мүмкүн; анын ордуна `sandyk seal` далилдерди юристиңиз үчүн сактап калат.
emergency-wipe-confirm = Сактагычты азыр жок кылалыбы?
hint-emergency-wipe-yes = --yes менен ырастаңыз же дароо жок кылыңыз: sandyk panic
emergency-not-wiped-cancelled = жокко чыгарылды; сактагычка тийилген жок
emergency-countdown = { $seconds } секунддан кийин жок кылынат — токтотуу үчүн Ctrl-C басыңыз
err-emergency-recipient = бул алуучу жарабайт: { $detail }
hint-emergency-recipient = юристтин age алуучусун (age1…) же SSH ачык ачкычын (ssh-ed25519 …) бериңиз
err-emergency-too-large = юристтин ачкычы ачкыч уячасы үчүн өтө чоң ({ $len } байт, эң көп { $max })
hint-emergency-too-large = юристтен age ачкычын (age-keygen менен түзүлгөн) же ssh-ed25519 ачкычын сураңыз
err-emergency-identity = бул жабык ачкычты колдонуу мүмкүн эмес: { $detail }
hint-emergency-identity = юристтин жабык ачкычын бериңиз: age ачкыч файлы (AGE-SECRET-KEY-1…) же OpenSSH жабык ачкычы
err-emergency-identity-passphrase = жабык ачкыч файлынын сырсөзү туура эмес
err-emergency-not-sealed = сактагыч мөөрлөнгөн эмес
hint-emergency-not-sealed = аны сырсөз менен ачыңыз
err-emergency-no-match = бул ачкыч мөөрлөнгөн сактагычты ачпайт
hint-emergency-no-match = эч нерсе өзгөргөн жок; сактагыч дал ушул ачкычка мөөрлөнгөнүн текшериңиз
err-emergency-no-contact = «{ $name }» деген байланыш жок
hint-emergency-contact = байланыштарды көрүү: sandyk contact list   (же алуучунун өзүн бериңиз: age1… же ssh-ed25519 …)
emergency-seal-intro = Мөөрлөө: сактагыч мындан ары бул алуучунун жабык ачкычы менен гана ачылат:
emergency-seal-confirm = Сырсөздөрүңүз, калыбына келтирүү ачкычтарыңыз жана коркунуч сырсөзүңүз иштебей калат. Азыр мөөрлөйлүбү?
emergency-not-sealed-cancelled = жокко чыгарылды; сактагыч мөөрлөнгөн жок
emergency-sealed = Мөөрлөндү. Маалымат сакталды, бирок эми сактагычты төмөнкү ачкычтын ээси гана ача алат (ачкычтар: { $count }); сырсөздөрүңүз мындан ары иштебейт. Кайра ачуу үчүн: sandyk unseal --identity KEYFILE
emergency-prompt-identity-passphrase = Жабык ачкыч файлынын сырсөзү
emergency-unsealed = Мөөрү ачылды: сактагыч жаңы сырсөз менен ачылат; мөөр уячасы өчүрүлдү.
emergency-prompt-duress = Коркунуч сырсөзү
emergency-prompt-duress-repeat = Коркунуч сырсөзүн кайталаңыз
err-emergency-duress-same = бул сырсөз сактагычты мурунтан эле ачат; башка коркунуч сырсөзүн тандаңыз
err-emergency-duress-needs-to = --action seal үчүн юрист керек: --to CONTACT|RECIPIENT
err-emergency-duress-no-to = --to желеги --action seal менен гана колдонулат
emergency-duress-set-destroy = Коркунуч сырсөзү коюлду. Аны сырсөз суралган каалаган жерде терсеңиз, ал сактагычты билдирбей жок кылат да, бош сактагычты көрсөтөт.
emergency-duress-set-seal = Коркунуч сырсөзү коюлду. Аны сырсөз суралган каалаган жерде терсеңиз, ал сактагычты билдирбей { $recipient } ({ $fingerprint }) ачкычына мөөрлөйт да, бош сактагычты көрсөтөт.
emergency-duress-removed = Азыр коркунуч сырсөзү коюлган эмес.

## Attachments
attach-added = тиркеме кошулду — { $reference }: { $name } ({ $size }, { $media_type })
attach-none = тиркемелер жок
attach-field-added = кошулган
attach-reveals-not-examined = метамаалымат текшерилген жок: sandyk { $media_type } файлдарын окубайт
attach-reveals-gps = GPS ордун ачыкка чыгарат: { $position }
attach-reveals-gps-alt = GPS ордун ачыкка чыгарат: { $position }, бийиктиги { $altitude } м
attach-reveals-gps-tags = GPS тегдерин ачыкка чыгарат (колдонууга жарактуу координата жок)
attach-reveals-device = түзмөктү ачыкка чыгарат: { $device }
attach-reveals-serial = түзмөктүн сериялык номерин ачыкка чыгарат: { $value }
attach-reveals-lens = объективди ачыкка чыгарат: { $value }
attach-reveals-lens-serial = объективдин сериялык номерин ачыкка чыгарат: { $value }
attach-reveals-owner = ээсин же авторун ачыкка чыгарат: { $value }
attach-reveals-unique-id = сүрөттүн уникалдуу идентификаторун ачыкка чыгарат: { $value }
attach-reveals-captured = тартылган убактысын ачыкка чыгарат: { $value }
attach-reveals-software = программаны ачыкка чыгарат: { $value }
attach-reveals-comment = сүрөттөмөнү же комментарийди ачыкка чыгарат: { $value }
attach-reveals-thumbnail = ичине салынган кичинекей сүрөттү ачыкка чыгарат
attach-reveals-maker-notes = өндүрүүчүнүн белгилерин ачыкка чыгарат (чечмеленген эмес; көбүнчө сериялык номерлер жана жөндөөлөр)
attach-reveals-xmp = XMP блогун ачыкка чыгарат (анда түзмөк, орун жана оңдоолордун тарыхы кайталанышы мүмкүн)
attach-reveals-xmp-gps = GPS эскерилген XMP блогун ачыкка чыгарат
attach-reveals-iptc = IPTC/Photoshop блогун ачыкка чыгарат (автор, орун, сүрөт жазуулары)
attach-reveals-text = текстти ачыкка чыгарат: { $value }
attach-reveals-other = башка блокторду ачыкка чыгарат: { $value }
attach-reveals-trailing = сүрөттүн аягынан кийинки { $size } маалыматты ачыкка чыгарат (кошумча сүрөттөр, видео же өндүрүүчүнүн маалыматы)
attach-reveals-problem = метамаалымат жарым-жартылай гана окулду: { $detail }
attach-reveals-nothing = кимдир бирөөнү аныктай турган метамаалымат табылган жок
attach-working-stripped = иштөөчү көчүрмө: булар алынып салынган — { $removed } ({ $size }, SHA-256 { $sha256 })
attach-working-identical = иштөөчү көчүрмө: түп нусканын өзү (алып сала турган эч нерсе жок)
attach-working-none = иштөөчү көчүрмө жок: sandyk { $media_type } файлдарынан метамаалыматты алып сала албайт; чыгаруу жана экспорттоо үчүн түп нусканы ачык тандоо керек
attach-working-unreadable = иштөөчү көчүрмө жок: файлды { $media_type } катары окуу мүмкүн болбоду; чыгаруу жана экспорттоо үчүн түп нусканы ачык тандоо керек
attach-copy-original = түп нуска
attach-copy-working = иштөөчү көчүрмө
attach-extracted = { $reference } ({ $which }, { $size }, SHA-256 { $sha256 }) жазылды: { $path }
err-attach-no-file = мындай файл жок: { $path }
err-attach-read = окуу мүмкүн эмес: { $path } ({ $detail })
err-attach-not-regular = { $path } кадимки файл эмес
hint-attach-regular = файлдарды гана тиркеңиз (каталогдорду, түзмөктөрдү же түтүктөрдү эмес)
err-attach-changed = { $path } окулуп жатканда өзгөрдү; ал тиркелген жок
hint-attach-changed = эч нерсе өзгөргөн жок; файл толук даяр болгуча (мисалы, жазуу токтогуча) күтүп, кайра тиркеңиз
err-attach-not-found = мындай тиркеме жок: { $reference }
hint-attachments = тиркемелерди көрүү: sandyk attachments { $id }
err-attach-bad-ref = { $reference } тиркеме эмес (ID/N күтүлөт, мисалы 7KQ2MX/1)
hint-attach-ref = тиркемелерди көрүү: sandyk attachments ID
err-attach-no-working = бул тиркеменин метамаалыматсыз иштөөчү көчүрмөсү жок: { $reference }
hint-attach-original = тийилбеген түп нусканы метамаалыматы менен кошо жазуу үчүн: sandyk attachment extract { $reference } -o FILE --original
err-attach-hash = тиркеме жазылган SHA-256 менен дал келбейт: { $reference }; эч нерсе жазылган жок
err-attach-tampered = { $reference } тиркемеси өзгөртүлгөн же бузулган: сакталган мазмунунун { $chunk }-бөлүгү аныктыгын текшерүүдөн өтпөйт; эч нерсе жазылган жок
err-attach-missing = { $reference } тиркемесинин сакталган мазмуну тиркемелер кампасында (sandyk.store) жок
hint-attach-tampered = бардык бузулган тиркемелерди көрүү үчүн `sandyk check` буйругун аткарыңыз, андан кийин сактагычтын папкасын (sandyk.store менен кошо) резервдик көчүрмөдөн калыбына келтириңиз
err-attach-too-many = бир окуяда эң көп { $max } тиркеме болушу мүмкүн
err-attach-write = жазуу мүмкүн эмес: { $path } ({ $detail })
err-attach-exists = { $path } мурунтан эле бар
hint-attach-force = башка файл атын тандаңыз же --force менен алмаштырыңыз
err-attach-output-not-regular = { $path } бар жана кадимки файл эмес; sandyk анын үстүнөн эч качан жазбайт
err-attach-terminal = тиркеме терминалга жазылбайт
hint-attach-output = аны -o FILE менен файлга жазыңыз же түтүк аркылуу бериңиз: -o - | …
err-attach-after-add = окуя сакталды ({ $id }), бирок тиркемелерсиз: { $detail }
hint-attach-after-add = аларды тиркеңиз: sandyk attach { $id } FILE…
err-attach-many-incidents = --attach бир гана окуя менен колдонулат, бир нече окуя менен эмес

## Dates: why a date was refused
err-date-empty = дата берилген жок
err-date-not-understood = айрым сөздөр таанылган жок же сөз айкашын эки түрдүү түшүнүүгө болот
err-date-future = бул дата али келе элек
err-date-invalid-year = жыл чектен чыгып кетти: { $year }
err-date-invalid-too-far = өтө эле илгери
err-date-invalid-weekday-today = бул апта күнү — бүгүн; "бүгүн" же "өткөн …" деп жазыңыз
err-date-invalid-no-such-date = мындай дата жок: { $date }
err-date-invalid-no-such-month = мындай ай жок
err-date-invalid-no-such-day = мындай күн жок: { $day }
err-date-invalid-no-such-time = мындай убакыт жок: { $time }
err-date-invalid-clock-change = мындай убакыт болгон эмес: ошол түнү саат которулган
err-date-invalid-part-of-day = убакыт күндүн бөлүгүнө дал келбейт
err-date-invalid-ambiguous-hour = кайсы саат экени түшүнүксүз; 24 сааттык форматта жазыңыз (15:00) же "эртең менен", "кечинде" деп кошуңуз
err-date-invalid-midnight = бул күндүн түн ортосун эки түрдүү түшүнүүгө болот; 00:00 же 23:59 деп жазыңыз
err-date-invalid-offset = UTC боюнча жылыш туура эмес
err-date-invalid-range = аралык башталганга чейин бүтүп калат
err-date-invalid-unknown-span = бул жерде белгисиз датаны колдонууга болбойт: датаны жазыңыз
err-date-invalid-not-rfc3339 = башталышы жана аягы RFC 3339 форматындагы убакыт болушу керек
err-date-invalid-start-after-end = башталышы аягынан кийин
err-attach-no-working-why = бул тиркеменин метамаалыматсыз иштөөчү көчүрмөсү жок: { $reference } ({ $why })
attach-why-unsupported = sandyk { $media_type } файлдарынан метамаалыматты алып сала албайт
attach-why-unreadable = файлды { $media_type } катары окуу мүмкүн болбоду

## Bundles: export, contacts, keygen, log, bundle verify/open/signer, import
bundle-contact-added = «{ $name }» деген байланыш кошулду ({ $kind }), манжа изи: { $fingerprint }.
bundle-contact-compare = Ага бир нерсе жөнөтүүдөн мурун бул манжа изин ал адам менен ишенимдүү жол аркылуу (жүзмө-жүз же телефон менен) салыштырыңыз.
bundle-contact-none = Азырынча байланыштар жок. Кошуу: sandyk contact add NAME RECIPIENT
bundle-contact-removed = «{ $name }» деген байланыш өчүрүлдү.
bundle-contact-added-signer = «{ $name }» кол коюу ачкычы: { $readable }. Ушул ачкыч менен кол коюлган пакеттер эми «{ $name }» тараптан деп көрсөтүлөт.
bundle-contact-signer-replaced = «{ $name }» мурда { $old } кол коюу ачкычын колдонгон; ага мындан ары ишеним жок.
contact-card-explain = Бул сиздин байланыш карточкаңыз. Аны адамга өзүңүз бериңиз же эки манжа изин ишенимдүү жол менен үн чыгарып окуп бериңиз; ал аны мындай кошот: sandyk contact add АТЫ --card ФАЙЛ
err-contact-card = байланыш карточкасы туура эмес: { $detail }
hint-contact-card = карточка «sandyk-card 1» деген сап менен башталат; адамдан бул буйруктун жыйынтыгын сураңыз: sandyk contact card --recipient АНЫН-АЛУУЧУСУ
err-contact-card-terminal = карточканы --card ФАЙЛ менен же stdin аркылуу бериңиз (терминалдан эмес)
err-contact-signer-taken = бул кол коюу ачкычы башка байланышка таандык
err-contact-no-recipient = «{ $name }» байланышында алуучу жок (кол коюу ачкычы гана)
err-bundle-unknown-signer = пакет бүтүн, бирок байланыштарыңызда жок ачкыч менен кол коюлган ({ $readable }, { $fingerprint }): жөнөтүүчү белгисиз
hint-bundle-unknown-signer = эч нерсе жазылган жок. Жөнөтүүчүнү билсеңиз, бул манжа изин аны менен ишенимдүү жол менен салыштырыңыз, анан анын карточкасын кошуңуз (sandyk contact add АТЫ --card ФАЙЛ) же бул ачкычты бир жолу кабыл алыңыз: --signer { $fingerprint } (импортто: --signer { $fingerprint } --as АТЫ)
err-bundle-stale = { $id } окуясы: бул пакетте анын { $got } версиясы бар, ал эми ошол эле жөнөтүүчүдөн { $have } версия импорттолгон: бул эскирээк нуска (кайталанганбы?)
err-bundle-forked = { $id } окуясы: анын тарыхы ошол эле жөнөтүүчүдөн мурда импорттолгондон башкача
hint-bundle-stale = эч нерсе импорттолгон жок. Жөнөтүүчүдөн эң жаңы пакетти сураңыз; sandyk import --list сизде эмне бар экенин көрсөтөт
bundle-verify-from = Кимден: { $name } (байланыш; кол коюу ачкычы { $readable })
bundle-verify-pinned = Кимден: --signer менен көрсөтүлгөн ачкыч ({ $readable }); байланыштарыңызда жок
bundle-verify-own = Кимден: ушул сактагыч (өзүңүздүн кол коюу ачкычыңыз { $readable })
received-from = ({ $name } тараптан)
bundle-import-already-content = Бул пакеттеги баары ошол эле жөнөтүүчүдөн мурда импорттолгон (ошол эле версиялар); эч нерсе өзгөргөн жок.
bundle-import-duplicates = Ошол эле жөнөтүүчүдөн мурда импорттолгон (ошол эле версиялар) жана өткөрүлүп жиберилген окуялар: { $count }.
bundle-keygen-fingerprint = Манжа изи: { $fingerprint }  (ачык ачкычты карточкаңызга кошуңуз: sandyk contact card --recipient АЧЫК-АЧКЫЧ)
err-bundle-contact-exists = «{ $name }» деген байланыш мурунтан эле бар
hint-bundle-contact-exists = адегенде аны өчүрүңүз: sandyk contact remove "{ $name }"
err-bundle-contact-name = байланыштын аты 1–64 белгиден турушу керек, башкаруучу белгилери жок, жана age1, ssh-, @ же - менен башталбашы керек
err-bundle-contact-unknown = «{ $name }» деген байланыш жок
hint-bundle-contact-list = байланыштарды көрүү: sandyk contact list   (же алуучунун өзүн бериңиз: age1… же "ssh-ed25519 AAAA…")
bundle-keygen-written = Жаңы жабык ачкыч жазылды: { $path }. Аны жашыруун сактап, камдык көчүрмөсүн жасаңыз: ансыз сизге жөнөтүлгөн топтомдорду ачууга болбойт. Ачык ачкычты (төмөндө) сизге топтом жөнөтө турган адамдарга бериңиз.
bundle-keygen-public = Ачык ачкыч: { $recipient }
err-bundle-keygen-exists = { $path } мурунтан эле бар; анын үстүнөн эч качан жазылбайт
err-bundle-keygen-terminal = жабык ачкыч терминалга чыгарылбайт
hint-bundle-keygen-output = аны файлга жазыңыз: sandyk keygen -o key.txt
err-bundle-no-selection = кайсы окуяларды экспорттоо керек экенин көрсөтүңүз
hint-bundle-selection = окуялардын номерлерин, --all же чыпкаларды (--since, --until, --category, --tag, --search) бериңиз; караңыз: sandyk list
err-bundle-empty = бир да окуя туура келбейт; топтом эч качан бош болбойт
err-bundle-no-recipient = топтомду ким ача аларын көрсөтүңүз
hint-bundle-recipient = --to CONTACT, --to age1…, --to "ssh-ed25519 AAAA…", --to-file FILE же --with-passphrase колдонуңуз
err-bundle-passphrase-mixed = сырсөз менен корголгон топтомду ошол эле учурда алуучуларга шифрлөөгө болбойт (age сырсөздү ачкычтар менен бирге колдонууга жол бербейт)
hint-bundle-passphrase-mixed = --to/--to-file же --with-passphrase желегин алып салыңыз; экөөнө тең жеткирүү үчүн эки жолу экспорттоңуз
err-bundle-passphrase-terminal = түзүлгөн сырсөздү терминалда гана көрсөтүүгө болот, ал эми терминал жок
hint-bundle-passphrase-terminal = экспортту терминалда иштетиңиз же топтомду ачкычка шифрлеңиз: --to
err-bundle-terminal = топтом терминалга жазылбайт
hint-bundle-terminal = аны файлга жазыңыз: -o FILE, же stdout агымын башка жакка багыттаңыз: -o - > bundle.age
err-bundle-exists = { $path } мурунтан эле бар; топтом эч качан файлдын үстүнөн жазылбайт
hint-bundle-exists = башка ат тандаңыз: -o, же бар файлды башка жерге жылдырыңыз
err-bundle-recipient = туура эмес алуучу: { $detail }
err-bundle-recipients-file-large = алуучулар файлы өтө чоң
err-bundle-identity = бул жабык ачкычты колдонуу мүмкүн эмес: { $detail }
err-bundle-identity-passphrase = бул жабык ачкычты колдонуу мүмкүн эмес: SSH ачкычынын сырсөзү туура эмес
err-detail-file-too-large = файл өтө чоң
hint-bundle-identity = жабык ачкычыңызды бериңиз: --identity KEYFILE (age ачкыч файлы же SSH жабык ачкычы, мисалы ~/.ssh/id_ed25519)
err-bundle-incident-too-large = окуя топтом үчүн өтө чоң: { $id } (тарыхы { $size } МиБ; эң көп { $max } МиБ)
err-bundle-no-signing-key = сактагычтын кол тамга ачкычы жок
err-bundle-changed = окуу учурунда сактагыч же топтом файлы өзгөрдү; эч нерсе жазылган жок
err-bundle-entry = тиркеменин мазмуну анын жазуусуна дал келбейт: { $path }
err-bundle-encrypt = шифрлөө ишке ашкан жок: { $detail }
hint-bundle-not-written = экспорт журналы менен файлдар дал келиши үчүн топтом файлы кайра өчүрүлдү
bundle-written = Топтом жазылды: { $path } ({ $count } окуя, { $bytes } байт).
bundle-signed-by = Кол койгон ачкыч: { $signer } (юрист муну sandyk bundle signer буйругунун жыйынтыгы менен салыштыра алат).
bundle-sha256 = Топтомдун SHA-256: { $sha }
bundle-passphrase-intro = Бул топтомдун сырсөзү (аны юристке файлдан башка жол менен бериңиз; ал бир гана жолу көрсөтүлөт):
bundle-log-empty = Азырынча экспорт болгон эмес.
bundle-log-line = { $count } окуя: { $ids } → { $to }  SHA-256 { $sha }
bundle-signer-explain = Бул — топтомдоруңузга кол коюучу ачкыч. Топтомго ким кол койгонун текшере алышы үчүн манжа изин (биринчи сап) юристиңизге ишенимдүү жол менен бериңиз.
err-bundle-no-file = мындай файл жок: { $path }
err-bundle-verify = топтом текшерүүдөн өткөн жок: { $detail }
hint-bundle-verify = бул файлга ишенбеңиз; жөнөтүүчүдөн жаңы көчүрмө сураңыз. Эч нерсе жазылган жок.
hint-bundle-signer = топтом башка бирөөдөн болушу мүмкүн; манжа изин жөнөтүүчү менен ишенимдүү жол аркылуу салыштырып, андан кийин --signer FINGERPRINT колдонуңуз
err-bundle-wrong-identity = бул топтом берилген ачкычка шифрленген эмес
hint-bundle-wrong-identity = жөнөтүүчү тандаган алуучуга туура келген жабык ачкычты бергениңизди текшериңиз (жөнөтүүчүдө анын манжа изин sandyk contact list көрсөтөт)
err-bundle-wrong-passphrase = топтомдун сырсөзү туура эмес
err-bundle-excessive-work = топтомдун сырсөз коргоосу өтө көп эсептөөнү талап кылат (scrypt 2^{ $log_n }); баш тартылды
err-bundle-is-passphrase = бул топтом ачкыч менен эмес, сырсөз менен корголгон
hint-bundle-omit-identity = --identity желегин алып салыңыз; сырсөз суралат (же --passphrase-fd аркылуу окулат)
err-bundle-needs-identity = бул топтом ачкычка шифрленген
err-bundle-dir-not-empty = { $path } бар жана бош каталог эмес
hint-bundle-dir = жаңы каталог тандаңыз: -o DIR; эч нерсенин үстүнөн эч качан жазылбайт
prompt-bundle-passphrase = Топтомдун сырсөзү
prompt-bundle-ssh-key-passphrase = SSH ачкычынын сырсөзү
bundle-problem-not-age = бул age менен шифрленген файл эмес
bundle-problem-header = шифрлөөнүн баш бөлүгү өтө чоң
bundle-problem-decryption = файл өзгөртүлгөн же кесилген (шифрин чечүү ишке ашкан жок)
bundle-problem-empty = топтом бош
bundle-problem-archive = ичиндеги архив бузулган ({ $detail })
bundle-problem-unsafe-path = архивде коркунучтуу файл аты бар: { $path }
bundle-problem-not-regular = { $path } кадимки файл эмес (шилтемелер, түзмөктөр жана каталогдор кабыл алынбайт)
bundle-problem-unlisted = манифестте жок: { $path }
bundle-problem-duplicate = эки жолу кездешет: { $path }
bundle-problem-order = өз ордунда эмес: { $path } (күтүлгөнү: { $expected })
bundle-problem-missing = жок: { $path }
bundle-problem-size = өлчөмү туура эмес: { $path }
bundle-problem-hash = манифесттеги SHA-256 менен дал келбейт: { $path }
bundle-problem-too-large = өтө чоң: { $path }
bundle-problem-manifest = манифест туура эмес: { $detail }
bundle-problem-end-marker = манифесттин аяктоо белгиси жок (файл кесилген)
bundle-problem-signature = кол тамга текшерүүдөн өтпөйт
bundle-problem-wrong-signer = кол койгон ачкыч: { $found }, күтүлгөнү: { $expected }
bundle-problem-signer-changed = бул сактагычтан келген мурунку топтомдорго { $known } ачкычы кол койгон, бул топтомго — { $found }
bundle-problem-incidents = incidents.json туура эмес: { $detail }
bundle-problem-chain = окуя { $id }: { $detail }
bundle-problem-trailing = архивдин аягынан кийин маалымат бар
bundle-verify-ok = Топтом текшерилди: бардык файлдар, манифест, кол тамга жана ар бир окуянын хеш чынжыры бүтүн.
bundle-verify-signer = Кол койгон ачкыч: { $signer }
bundle-verify-summary = Экспорт: { $created }, сактагыч: { $vault }; { $count } окуя, { $revisions } версия; сактагычтын чынжырынын акыркы шакеги: №{ $seq }.
bundle-verify-incidents = Окуялар: { $ids }
bundle-verify-compare-signer = Кол койгон ачкычтын манжа изин жөнөтүүчү сизге ишенимдүү жол менен берген манжа изи менен салыштырыңыз (жөнөтүүчү аны sandyk bundle signer менен көрөт).
bundle-extracted = { $count } файл чыгарылды: { $path }.
bundle-import-already = Бул топтом мурун эле импорттолгон ({ $when }); эч нерсе өзгөргөн жок.
bundle-import-done = Импорттолду: { $count } окуя, жөнөтүүчү: { $from } (кол коюу ачкычы: { $signer }), экспорт: { $created }.
bundle-import-none = Азырынча алынган окуялар жок.
bundle-import-list-from = (кол койгон ачкыч: { $signer }; экспорт: { $exported }, алынган: { $received }; { $revisions } версия)
bundle-report-title = Окуялар боюнча отчет
bundle-report-intro = sandyk программасы шифрленген, кол коюлган далилдер топтомунан түздү. Негизги маалымат — incidents.json, анын хештерине manifest.json ичинде кол коюлган; аларды кантип текшерүүнү VERIFY.txt түшүндүрөт.
bundle-report-exported = Экспорттолгон
bundle-report-count = Окуялар
bundle-report-signer = Кол тамга ачкычы
bundle-report-vault = Сактагыч
bundle-report-chain-head = Экспорт учурундагы чынжырдын акыркы шакеги
bundle-report-narrative = Баяндама
bundle-report-history = Тарых
bundle-report-rev-op = Өзгөртүү
bundle-report-rev-at = Жазылган убакыт (UTC)
bundle-report-rev-changed = Өзгөргөн талаалар
bundle-report-rev-hash = Версиянын хеши (SHA-256)
bundle-report-earlier = Мурунку маанилер
bundle-report-earlier-note = Кийинки оңдоого чейинки маанилер; ар бир версия хеш чынжырында калат.
bundle-report-attachment = Тиркеме
bundle-verify-title = БУЛ ТОПТОМДУ КАНТИП ТЕКШЕРҮҮ КЕРЕК
bundle-verify-intro = Бул топтомду sandyk программасы экспорттогон: { $created }. Анда { $count } окуя бар, ага { $signer } ачкычы кол койгон. Төмөндөгүлөрдүн баары стандарттык куралдарды гана колдонот, ошондуктан sandyk программасыз деле текшерүүгө болот.
bundle-verify-tools = Керек болот: age (https://age-encryption.org), tar, sha256sum жана ssh-keygen (OpenSSH 8.1 же жаңыраагы). jq милдеттүү эмес. $ белгиси менен башталган саптар — буйруктар; > белгиси менен башталган саптар күтүлгөн жыйынтыкты көрсөтөт.
bundle-verify-step-decrypt = Топтомдун шифрин чечип, бош каталогго таркатыңыз (шифрленген дискте болгону жакшы); umask 077 таркатылган файлдарды сиз гана окуй тургандай кылат. KEYFILE — сиздин age ачкыч файлыңыз же SSH жабык ачкычыңыз (мисалы, ~/.ssh/id_ed25519).
bundle-verify-step-decrypt-passphrase = Топтомдун шифрин чечип, бош каталогго таркатыңыз (шифрленген дискте болгону жакшы); umask 077 таркатылган файлдарды сиз гана окуй тургандай кылат. age жөнөтүүчү сизге берген сырсөздү сурайт.
bundle-verify-decrypt-note = Эгер age же tar кандайдыр бир ката көрсөтсө, токтоңуз: файл өзгөртүлгөн же кесилген, таркатылган нерселерге ишенүүгө болбойт.
bundle-verify-step-files = Топтомдо так ушул файлдар бар экенин жана башка эч нерсе жок экенин текшериңиз:
bundle-verify-step-hashes = Ар бир файлды manifest.json ичиндеги SHA-256 менен текшериңиз:
bundle-verify-step-signature = manifest.json кол тамгасын (ал калган бардык файлдардын хешин камтыйт) жөнөтүүчүнүн сиз жеке алган кол коюу ачкычы менен текшериңиз: анын байланыш карточкасындагы ssh-ed25519 менен башталган сап (же анын түзмөгүндө sandyk bundle signer көрсөткөн сап). Ал сапты бул каталогдон тышкаркы файлга сактап, SENDER_KEY_FILE ордуна анын атын жазыңыз. signer.pub эмес: жасалмачы ал жерге каалаган адамдын ачкычын коё алат.
bundle-verify-compare-fingerprint = ssh-keygen ушул «Good» сапын чыгарышы керек, анын аягындагы SHA256:… сиз жеке алган карточкадагы манжа изи болушу керек (бул файл чыныгы болсо, { $signer }). Башка ар кандай жыйынтык («Could not verify signature», башка манжа изи): токтоңуз, топтомго жөнөтүүчү кол койгон эмес.
bundle-verify-step-chain = Окуянын ар бир версиясы кыска тексттин (анын «баштапкы текстинин») хешин камтыйт. Биринчи версиянын хешин кайра эсептеңиз:
bundle-verify-chain-jq = jq менен дал ошону incidents.json ичинен алса болот, ошондой эле версиянын мазмунунун хешин (body_hash):
bundle-verify-chain-links = Ар бир версиянын incident_prev мааниси — ошол окуянын мурунку версиясынын хеши (биринчисинде 64 нөл), ал эми ар бир окуянын акыркы версиясынын хеши manifest.json ичинде көрсөтүлгөн; ошондуктан кол тамганы бузбай туруп бир да версияны өчүрүүгө, өзгөртүүгө же кошууга болбойт.
bundle-verify-step-read = Жогорудагы бардык кадамдар өткөндөн кийин гана: report.html файлын браузерде ачыңыз (ал скрипт иштетпейт жана тармактан эч нерсе жүктөбөйт) же басып чыгарыңыз; incidents.json ичинде ошол эле маалымат бар — ар бир окуянын ар бир версиясы. sandyk bundle open анын ордуна текшерилген incidents.json файлынан өзүнүн report.html файлын түзөт.
bundle-verify-sandyk = sandyk менен мунун баары бир буйрук: sandyk bundle verify BUNDLE --identity KEYFILE

## i18n: how long a passphrase would take to guess
time-less-than-second = бир секунддан аз
time-seconds = { $count } секунд
time-minutes = { $count } мүнөт
time-hours = { $count } саат
time-days = { $count } күн
time-months = { $count } ай
time-years = { $count } жыл
time-centuries = жүз жылдан ашык

## i18n: details inside core errors
err-detail-db-cannot-open = маалымат базасынын файлын ачуу мүмкүн эмес
err-detail-disk-io = дисктин киргизүү/чыгаруу катасы
err-detail-json-not-object = объект же объекттердин массиви күтүлөт
err-detail-json-empty = массив бош

## i18n: command-line errors
err-usage-unknown-argument = белгисиз параметр: «{ $arg }»
err-usage-unknown-command = белгисиз буйрук: «{ $arg }»
err-usage-invalid-value = «{ $arg }» үчүн жараксыз маани: «{ $value }»
err-usage-missing = милдеттүү аргумент берилген жок: { $arg }
err-usage-missing-command = кайсы буйрукту аткаруу керек экенин көрсөтүңүз
err-usage-conflict = «{ $arg }» менен «{ $other }» бирге колдонулбайт
err-usage-values = «{ $arg }» үчүн маанилердин саны туура эмес
err-usage-other = буйрук сабында ката бар
hint-usage-suggest = балким, «{ $suggestion }» демексиз?
hint-usage-values = мүмкүн болгон маанилер: { $values }
hint-usage-help = жардам: { $command } --help

## i18n: invalid incident input; field names are the JSON names
err-model-missing = `{ $field }` талаасы милдеттүү
err-model-too-long = `{ $field }` талаасы өтө узун ({ $len } белги; эң көп { $max })
err-model-too-many = `{ $field }` талаасында жазуулар өтө көп ({ $len }; эң көп { $max })
err-model-category = белгисиз категория: `{ $category }`
hint-categories = категорияларды көрүү: sandyk category list
err-model-coordinates = координаттар чектен чыгып кетти
err-model-invalid = `{ $field }` талаасында жараксыз маани

## Help: --help and the man page (English comes from the doc comments in src/cli/)
help = sandyk — укук коргоочулар үчүн интернетсиз иштеген, шифрленген окуялар сактагычы.

    Окуялар бир шифрленген файлда сырсөз менен корголуп сакталат. Дискке окула турган эч нерсе жазылбайт. Чыгуу коддору: 0 — ийгилик, 1 — ката, 2 — буйрук туура эмес, 3 — сырсөз туура эмес, 4 — сактагыч бузулган, 5 — табылган жок, 6 — топтом текшерүүдөн өткөн жок, 7 — топтомго белгисиз ачкыч кол койгон, 8 — топтом мурда импорттолгондон эскирээк, 130 — токтотулду.
help--vault = Сактагычтын каталогу [демейки: $XDG_DATA_HOME/sandyk же ~/.local/share/sandyk]
help--passphrase_fd = Сырсөздөрдү терминалдан эмес, ушул файл дескрипторунан окуу (ар бир сапта бирден)
help--lang = Билдирүүлөрдүн жана отчеттордун тили [демейки: SANDYK_LANG, LC_ALL, LC_MESSAGES же LANG боюнча]
help-heading-usage = Колдонуу
help-heading-options = Параметрлер
help-heading-arguments = Аргументтер
help-heading-commands = Буйруктар
help-flag-help = Жардамды көрсөтүү
help-flag-version = Версияны көрсөтүү
help-label-default = демейки
help-label-values = мүмкүн болгон маанилер
help-label-env = чөйрө өзгөрмөсү

help-init = Жаңы сактагыч түзүү
help-init--kdf_memory = Калибрлөөнүн ордуна Argon2id эс тутумун МиБ менен белгилөө (кеминде 64)
help-init--kdf_time = Argon2id өтүүлөрүнүн санын белгилөө (кеминде 3)
help-init--kdf_parallelism = Argon2id агымдарынын санын белгилөө
help-init--kdf_target_ms = Калибрлөөдө ачууга кетчү максаттуу убакыт, миллисекунд менен
help-init--generate = Сырсөздү өзүңүз тербей, сөздөрдөн турган күчтүү сырсөз түзүү (терминалда бир жолу көрсөтүлөт)

help-add = Жаңы окуяны жазуу (терминалда кадам-кадам форма же stdin аркылуу JSON)
help-add--input = Окуяны (окуяларды) stdin аркылуу JSON катары окуу: бир объект же массив (талаалар docs/incident-model.md файлындагыдай). Жаңы номерлерди чыгарат

help-list = Окуялардын тизмесин көрсөтүү
help-list--since = Ушул датада же андан кийин болушу мүмкүн болгон окуялар гана ("2024-03-01", "2 күн мурун")
help-list--until = Ушул датада же андан мурун болушу мүмкүн болгон окуялар гана
help-list--category = Ушул категория гана (`sandyk category list` караңыз)
help-list--tag = Ушул тег коюлган окуялар гана
help-list--json = JSON чыгаруу
help-list--deleted = Анын ордуна өчүрүлгөн окуяларды көрсөтүү (номерлери жана качан өчүрүлгөнү)
help-list--from = Анын ордуна ушул байланыштан алынган окуяларды (`sandyk import`), ар биринин эң жаңы версиясын көрсөтүү (чыпкалар алынган окуяларга азырынча колдонулбайт)
help-list--received = Анын ордуна бардык алынган окуяларды жөнөтүүчүлөрү менен көрсөтүү
help-list--own = Ушул сактагычтын өз окуялары гана (демейки)

help-show = Бир окуяны көрсөтүү
help-show--id = Окуянын номери
help-show--full = Баяндаманы толугу менен чыгаруу (ал терминалдын тарыхында калат)
help-show--json = JSON чыгаруу (дайыма толук)

help-search = Окуяларды издөө (сурам берилбесе, ал суралат; буйрук сабындагы сөздөр shell тарыхында калат)
help-search--query = Изделүүчү сөздөр. Милдеттүү эмес: алар жок болсо, сурам терминалдан (же stdin аркылуу) окулат жана shell тарыхына түшпөйт
help-search--since = Ушул датада же андан кийин болушу мүмкүн болгон окуялар гана ("2024-03-01", "2 күн мурун")
help-search--until = Ушул датада же андан мурун болушу мүмкүн болгон окуялар гана
help-search--category = Ушул категория гана (`sandyk category list` караңыз)
help-search--tag = Ушул тег коюлган окуялар гана
help-search--json = JSON чыгаруу
help-search--from = Анын ордуна ушул байланыштан алынган окуялардан издөө (ар бир сөз окуянын текстинде болушу керек, чоң-кичине тамга эсепке алынбайт; чыпкалар алынган окуяларга азырынча колдонулбайт)
help-search--received = Анын ордуна бардык алынган окуялардан издөө
help-search--own = Ушул сактагычтын өз окуялары гана (демейки)

help-amend = Окуяны оңдоо; мурунку версиясы анын тарыхында калат
help-amend--id = Окуянын номери
help-amend--input = Өзгөргөн талааларды stdin аркылуу бир JSON объект катары окуу

help-delete = Окуяны өчүрүү: мазмуну жок кылынат, өчүрүлгөнү жана убактысы калат
help-delete--id = Окуянын номери
help-delete--yes = Ырастоону сурабоо

help-history = Окуянын версияларын көрсөтүү
help-history--id = Окуянын номери
help-history--json = JSON чыгаруу (бардык версиялар, мазмуну сакталган жерде аны менен кошо)

help-check = Ачкыч файлын, маалымат базасын жана хеш чынжырын текшерүү
help-check--json = JSON чыгаруу

help-passphrase = Сырсөздөрдү өзгөртүү, кошуу, өчүрүү же тизмесин көрүү
help-passphrase-change = Сактагычты ачкан сырсөзүңүздү өзгөртүү. --passphrase-fd менен: эскиси биринчи сапта, жаңысы экинчи сапта
help-passphrase-change--generate = Сырсөздү өзүңүз тербей, сөздөрдөн турган күчтүү сырсөз түзүү
help-passphrase-change--kdf_target_ms = Калибрлөөнүн максаттуу убактысы, миллисекунд менен (ачкыч түзүүнүн параметрлери кол менен белгиленген болсо, эске алынбайт)
help-passphrase-add = Дагы бир сырсөз кошуу (мисалы, экинчи адам үчүн)
help-passphrase-add--label = Бул сырсөздү башкаларынан айырмалоо үчүн ат (шифрленип сакталат)
help-passphrase-add--generate = Сырсөздү өзүңүз тербей, сөздөрдөн турган күчтүү сырсөз түзүү
help-passphrase-remove = Сырсөздү же калыбына келтирүү ачкычын аты боюнча өчүрүү
help-passphrase-remove--label = Өчүрүлө турган сырсөздүн же калыбына келтирүү ачкычынын аты
help-passphrase-list = Ачкыч уячаларын аттары менен көрсөтүү
help-passphrase-list--json = JSON чыгаруу

help-recovery-key = Сырсөз унутулса колдонуу үчүн калыбына келтирүү ачкычын түзүү (бир гана жолу чыгарылат)
help-recovery-key--label = Калыбына келтирүү ачкычынын аты

help-category = Өзүңүздүн окуя категорияларыңызды башкаруу
help-category-add = Өзүңүздүн категорияңызды кошуу
help-category-add--id = Кыска идентификатор, мисалы `checkpoint_search`
help-category-add--label = Адамдар окуй турган аталыш
help-category-list = Категориялардын тизмеси: орнотулгандар жана сиздикилер
help-category-list--json = JSON чыгаруу

help-completions = Shell үчүн автотолуктоону чыгаруу
help-completions--shell = Shell

help-man = Колдонмо барагын (man) жазуу
help-man--out_dir = sandyk.1 чыгаруунун ордуна барактарды ушул каталогго жазуу (ар бир буйрукка бирден)

help-add--attach = Бул файлды жаңы окуяга тиркөө (кайталаса болот; `sandyk attach` караңыз)

help-attach = Окуяга файлдарды (сүрөттөрдү, жазууларды, документтерди) тиркөө: алар шифрленген түп нуска-далил катары сакталат, JPEG, PNG жана WebP үчүн метамаалыматсыз иштөөчү көчүрмөлөр жасалат
help-attach--id = Окуянын номери
help-attach--files = Тиркеле турган файлдар: каалаган түрдөгү жана өлчөмдөгү. Ар бири сактагычтын ичинде толугу менен шифрленип сакталат; JPEG, PNG жана WebP үчүн кимдир бирөөнү аныктай турган метамаалыматы жок иштөөчү көчүрмө жасалат
help-attachments = Окуянын тиркемелерин жана алардын метамаалыматы эмнени ачыкка чыгарарын көрсөтүү
help-attachments--id = Окуянын номери
help-attachments--json = JSON чыгаруу: аты, өлчөмү, түп нусканын SHA-256, түрү, иштөөчү көчүрмө жана метамаалымат эмнени ачыкка чыгарары
help-attachment = Бир тиркеме менен иштөө (чыгаруу)
help-attachment-extract = Бир тиркемени файлга жазуу: демейки боюнча метамаалыматсыз иштөөчү көчүрмөнү, --original менен тийилбеген түп нусканы. Терминалга эч качан; --force жок болсо, бар файлдын үстүнөн эч качан
help-attachment-extract--attachment = Тиркеме: окуянын номери, жантык сызык жана тиркеменин номери (`sandyk attachments ID` көрсөткөндөй)
help-attachment-extract--output = Жазыла турган файл (`-` — стандарттык чыгаруу, эгер ал терминал болбосо)
help-attachment-extract--original = Иштөөчү көчүрмөнүн ордуна тийилбеген түп нусканы бардык метамаалыматы менен (GPS орду, түзмөктүн сериялык номери, …) жазуу
help-attachment-extract--force = FILE бар болсо, аны алмаштыруу

help-export = Окуяларды юрист үчүн кол коюлган, шифрленген далилдер топтомуна экспорттоо
help-export--ids = Экспорттоло турган окуялардын номерлери
help-export--all = Бардык окуяларды экспорттоо
help-export--since = Ушул датада же андан кийин болушу мүмкүн болгон окуялар гана ("2024-03-01", "2 күн мурун")
help-export--until = Ушул датада же андан мурун болушу мүмкүн болгон окуялар гана
help-export--category = Ушул категория гана (`sandyk category list` караңыз)
help-export--tag = Ушул тег коюлган окуялар гана
help-export--search = Ушул сөздөр кездешкен окуялар гана (толук тексттик издөө, `search` сыяктуу)
help-export--to = Топтомду ким ача алат: байланыштын аты, age алуучусу (age1…) же SSH ачык ачкычы ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"). Бир нечеси үчүн кайталаңыз
help-export--to_file = Алуучулар файлы: ар бир сапта бир алуучу, `#` менен комментарийлер. Кайталаса болот
help-export--with_passphrase = Топтомду ачкычтардын ордуна түзүлгөн сырсөз менен коргоо. Сырсөз терминалда бир жолу көрсөтүлөт; аны юристке башка жол менен бериңиз. --to же --to-file менен бирге колдонууга болбойт
help-export--armor = Экилик форматтын ордуна ASCII armor текст түрүндө чыгаруу (почта же басып чыгаруу үчүн)
help-export--output = Жазыла турган топтом файлы (анын үстүнөн эч качан жазылбайт) же stdout үчүн `-`, эгер ал терминал болбосо
help-log = Экспорт журналын көрсөтүү: качан, кайсы окуялар, кимге, топтомдун SHA-256
help-log--json = JSON чыгаруу

help-contact = Дарек китеби: экспорт үчүн алуучулар жана топтомдоруна ишенген кол коюу ачкычтары
help-contact-add = Байланышты анын карточкасы боюнча (анын `sandyk contact card` буйругу; --card ФАЙЛ же stdin аркылуу) же жалгыз алуучу боюнча (age `age1…` же тырмакчадагы SSH ачык ачкычы) кошуу. Карточкадагы кол коюу ачкычы ал кол койгон топтомдорду «АТЫ тараптан» кылат; башка ачкычтар кол койгон топтомдор кабыл алынбайт (код 7). Манжа издерин көрсөтөт: аларды ал адам менен ишенимдүү жол аркылуу (жүзмө-жүз, телефон менен) салыштырыңыз
help-contact-add--name = Байланыштын аты (`age1`, `ssh-` же `-` менен башталбайт)
help-contact-add--recipient = Жалгыз алуучу (карточканын ордуна)
help-contact-add--card = Байланыш карточкасынын файлы (`-` — stdin, АЛУУЧУ жок болсо демейки)
help-contact-add--replace = Ушул аттагы байланышты алмаштыруу (анын эски ачкычтарына мындан ары ишеним жок)
help-contact-card = Байланыш карточкаңызды көрсөтүү: кол коюу ачкычыңыз (`bundle signer` көрсөткөн) жана --recipient менен сизге топтомдор жөнөтүлө турган age алуучусу (`sandyk keygen` буйругунан). Аны адамга бериңиз; ал аны `sandyk contact add АТЫ --card ФАЙЛ` менен кошот
help-contact-card--recipient = Сиздин алуучуңуз (`sandyk keygen` берген age1… же SSH ачык ачкычы)
help-contact-card--name = Карточка сиз үчүн сунуштаган ат
help-contact-list = Байланыштарды манжа издери менен көрсөтүү
help-contact-list--json = JSON чыгаруу
help-contact-remove = Байланышты өчүрүү
help-contact-remove--name = Байланыштын аты
help-keygen = Топтомдорду алуу үчүн age ачкычын (ачкыч жубун) түзүү; алуучуну чыгарат
help-keygen--output = Жаңы жабык ачкычты ушул файлга жазуу (уруксаттар 0600; анын үстүнөн эч качан жазылбайт). Ансыз ачкыч stdout агымына чыгат, ал терминал болбошу керек

help-bundle = Алынган топтомду текшерүү же ачуу; бул сактагычтын кол тамга ачкычын көрсөтүү
help-bundle-verify = Топтомду текшерүү: шифрин агым менен чечип, ар бир файлдын хешин, манифестти, кол тамганы жана ар бир окуянын хеш чынжырын текшерет. Эч нерсе жазбайт. Бир нерсе туура эмес болсо, чыгуу коду 6
help-bundle-verify--file = Топтом файлы
help-bundle-verify--identity = Сиздин жабык ачкычыңыз: age ачкыч файлы (AGE-SECRET-KEY-1…) же SSH жабык ачкычы. Сырсөз менен корголгон топтом үчүн аны бербеңиз (сырсөз суралат же --passphrase-fd аркылуу окулат)
help-bundle-verify--signer = Ушул ачкыч кол койгон топтомду гана кабыл алуу: анын манжа изи, жөнөтүүчүнүн `sandyk bundle signer` буйругу көрсөткөндөй (`SHA256:…` же төрттөн сегиз топ), аны менен ишенимдүү жол аркылуу салыштырылган. Ансыз байланыштардын ачкычтары гана кабыл алынат (башка ачкыч үчүн код 7)
help-bundle-verify--json = JSON чыгаруу
help-bundle-open = Топтомду текшерип, андан кийин анын файлдарын жаңы (же бош) каталогго чыгаруу
help-bundle-open--file = Топтом файлы
help-bundle-open--identity = Сиздин жабык ачкычыңыз: age ачкыч файлы (AGE-SECRET-KEY-1…) же SSH жабык ачкычы. Сырсөз менен корголгон топтом үчүн аны бербеңиз (сырсөз суралат же --passphrase-fd аркылуу окулат)
help-bundle-open--signer = Ушул ачкыч кол койгон топтомду гана кабыл алуу: анын манжа изи, жөнөтүүчүнүн `sandyk bundle signer` буйругу көрсөткөндөй (`SHA256:…` же төрттөн сегиз топ), аны менен ишенимдүү жол аркылуу салыштырылган. Ансыз байланыштардын ачкычтары гана кабыл алынат (башка ачкыч үчүн код 7)
help-bundle-open--output = Файлдар чыгарыла турган каталог (түзүлөт; эгер бар болсо, бош болушу керек)
help-bundle-signer = Бул сактагычтын кол тамга ачкычын көрсөтүү: юристтер текшерүүдө салыштыра турган манжа изи
help-bundle-signer--json = JSON чыгаруу
help-import = Алынган топтомду текшерип, анын окуяларын кайдан келгени менен кошо бул сактагычта сактоо
help-import--file = Топтом файлы
help-import--identity = Сиздин жабык ачкычыңыз: age ачкыч файлы (AGE-SECRET-KEY-1…) же SSH жабык ачкычы. Сырсөз менен корголгон топтом үчүн аны бербеңиз (сырсөз суралат же --passphrase-fd аркылуу окулат)
help-import--signer = Ушул ачкыч кол койгон топтомду гана кабыл алуу: анын манжа изи, жөнөтүүчүнүн `sandyk bundle signer` буйругу көрсөткөндөй (`SHA256:…` же төрттөн сегиз топ), аны менен ишенимдүү жол аркылуу салыштырылган. Ансыз байланыштардын ачкычтары гана кабыл алынат (башка ачкыч үчүн код 7)
help-import--as_name = --signer менен: ачкычты ушул байланыштын кол коюу ачкычы катары эстеп калуу (байланыштын мурдагы ачкычын алмаштырат, ага мындан ары ишеним жок). Ансыз бекитилген ачкыч `key-` жана анын алгачкы сегиз цифрасы деген байланыш болуп сакталат
help-import--list = Анын ордуна ушул убакка чейин алынган окуяларды көрсөтүү (кайдан келгени менен)
help-import--json = --list менен: JSON чыгаруу (ар бир окуя бардык версиялары менен)

help-panic = Сактагычты азыр жок кылуу: сырсөзсүз, суроосуз. Адегенде ачкыч өчүрүлөт (миллисекунддарда), андан кийин сактагычтын бардык файлдары жана каталогу өчүрүлөт
help-panic--json = Эмне жасалганын жана канча убакыт кеткенин stdout аркылуу JSON түрүндө чыгаруу
help-wipe = Эмне болорун көрсөтүп, ырастоо сурагандан кийин сактагычты жок кылуу (`panic` да караңыз)
help-wipe--now = Суроосуз жана артка санак жок: `sandyk panic` менен бирдей
help-wipe--yes = Ырастоону сурабоо (эмне болору баары бир көрсөтүлөт)
help-wipe--countdown = Ырастагандан кийин артка санала турган секунддар; санак учурунда Ctrl-C жокко чыгарат
help-wipe--json = Эмне жасалганын жана канча убакыт кеткенин stdout аркылуу JSON түрүндө чыгаруу
help-seal = Сактагычты юристтин ачкычы гана ача тургандай мөөрлөө; сырсөздөрүңүз иштебей калат
help-seal--to = Юрист: байланыштын аты, age алуучусу (age1…) же SSH ачык ачкычы (ssh-ed25519 …). Бир нечесине мөөрлөө үчүн кайталаңыз; ар бири сактагычты өзү ача алат
help-seal--yes = Терминалда ырастоону сурабоо
help-unseal = Мөөрлөнгөн сактагычты юристтин ачкычы менен ачып, жаңы сырсөз коюу
help-unseal--identity = Юристтин жабык ачкычы: age ачкыч файлы же OpenSSH жабык ачкычы. Жаңы сырсөз суралат (--passphrase-fd менен: биринчи сап; шифрленген SSH ачкычы үчүн адегенде анын сырсөзү, андан кийин жаңысы)
help-unseal--label = Жаңы сырсөздүн аты
help-unseal--kdf_target_ms = Калибрлөөнүн максаттуу убактысы, миллисекунд менен (ачкыч түзүүнүн параметрлери кол менен белгиленген болсо, эске алынбайт)
help-duress = Коркунуч сырсөзүн коюу же өчүрүү: ал сактагычты билдирбей жок кылат же мөөрлөйт
help-duress-set = Коркунуч сырсөзүн коюу (мурункусун алмаштырат). --passphrase-fd менен: сактагычтын сырсөзү биринчи сапта, коркунуч сырсөзү экинчи сапта
help-duress-set--action = Коркунуч сырсөзүн тергенде эмне болот: destroy — сактагычты жок кылуу (`sandyk panic` сыяктуу), seal — аны --to менен берилген юристтин ачкычына мөөрлөө
help-duress-set--to = --action seal үчүн: юрист (байланыштын аты, age1… же ssh-ed25519 …)
help-duress-remove = Коркунуч сырсөзү коюлган болсо, аны өчүрүү

## Attachments in bundles
bundle-report-att-copy = Жөнөтүлгөн көчүрмө
bundle-report-att-file = Файл
bundle-report-att-files = Бул топтомдогу тиркеме файлдары
bundle-report-att-original = түп нуска (тийилбеген далил)
bundle-report-att-sha-original = Түп нусканын SHA-256 (хеш чынжыры)
bundle-report-att-sha-sent = Жөнөтүлгөн файлдын SHA-256
bundle-report-att-working = иштөөчү көчүрмө (инсанды ачыкка чыгарган метамаалымат алынып салынган)
bundle-verify-attachment = тиркеме { $path }: { $copy }, SHA-256 { $sha256 } (түп нуска { $original })
err-bundle-no-working-copy = { $reference } тиркемесинин метамаалыматсыз иштөөчү көчүрмөсү жок; аны түп нуска катары, бардык метамаалыматы менен жөнөтүүгө туура келет
hint-bundle-no-working-copy = түп нускаларды --originals менен жөнөтүңүз (алар `sandyk attachments { $id }` көрсөткөн нерсени ачыкка чыгарат) же { $id } окуясын тандоодон чыгарыңыз
help-export--originals = Тиркемелерди бардык метамаалыматы (GPS, түзмөк) менен тийилбеген түп нуска катары жөнөтүү; демейки боюнча метамаалыматсыз иштөөчү көчүрмөлөр жөнөтүлөт

## ---- dates (issue 13, branch f1-dates): the word a date phrase did not understand ----
err-date-unknown-word = «{ $word }» деген сөздү түшүнгөн жокмун
err-date-unknown-word-suggest = «{ $word }» деген сөздү түшүнгөн жокмун; «{ $suggestion }» дегениңизби?
## ---- end dates (f1-dates) ----
bundle-report-att-not-linked = шилтемесиз: бул файлды отчеттон тышкары, этияттык менен ачыңыз (анда активдүү мазмун болушу мүмкүн)
bundle-report-intro-received = Топтом ачылганда алуучунун sandyk программасы текшерилген incidents.json файлынан түздү (жөнөтүүчүнүн отчету ачылбастан sender-report.html.txt катары сакталды). Ишенимдүү маалымат — incidents.json, анын хештери manifest.json ичинде кол коюлган.
bundle-verify-untrusted = БУЛ ФАЙЛ ТОПТОМДУН ИЧИНДЕ КЕЛДИ: төмөнкү кол тамга кадамы жөнөтүүчү сизге жеке берген кол коюу ачкычы менен ийгиликтүү өтмөйүнчө, ага да, топтомдогу башка нерселерге да ишенбеңиз. Бул ачкычты эч качан топтомдон (signer.pub) же бул файлдан албаңыз; эгер бул кадамдар муну сураса, топтом жасалма.

## ---- sandbox (issue 17, branch p17): Landlock and seccomp confinement ----
sandbox-status = кум чөйрө: { $status }
sandbox-missing = кум чөйрө: процесс чектелгенде бул жолдор жок болчу, ал жерде эч нерсе түзүүгө болбойт: { $paths }
warn-sandbox-unconfined = кум чөйрөнү күйгүзүү мүмкүн болгон жок ({ $reason }); ансыз улантам
err-sandbox = процесс өзүн чектей алган жок (Landlock, seccomp): { $reason }
hint-sandbox = мындай болбошу керек; бул тууралуу `sandyk --version` чыгарылышы менен кабарлаңыз
help--verbose = Кум чөйрө (Landlock, seccomp) бул системада эмнени камсыз кыларын stderr'ге айтуу
## ---- end sandbox (p17) ----

## ---- entities (issue 14, branch p14) ----
entities-none = Азырынча адамдар, уюмдар, жерлер же унаалар жазылган жок.
entity-kind-perpetrator = кылмышкер
entity-kind-organisation = уюм
entity-kind-vehicle = унаа
entity-kind-place = жер
entity-kind-victim = жабырлануучу
entity-kind-witness = күбө
err-entity-empty = аты бош
err-entity-not-found = «{ $name }» менен дал келген адам, уюм, жер же унаа жок
err-entity-ambiguous = «{ $name }» бирден ашык жазууга дал келет: { $candidates }
hint-entities = жазылган аттарды `sandyk entities` көрсөтөт
hint-entity-ambiguous = атты толугураак жазыңыз же --kind менен тактаңыз
help-entities = Бардык окуялардагы адамдар, уюмдар, жерлер жана унаалар: канча жолу, биринчи жана акыркы жолу качан; `entities show АТЫ` — алар аталган окуялар
help-entities--kind = Ушул түрдөгүлөр гана
help-entities--json = JSON чыгаруу
help-entities-show = Бир ат, жер же номер аталган окуялар, убакыт боюнча
help-entities-show--name = Аты, жери же унаанын номери (баш/кичине тамга, ё/е, боштуктар эске алынбайт; номер каалаган жазылышта)
help-entities-show--kind = Ушул түрдөгүлөр гана
help-entities-show--json = JSON чыгаруу
help-list--perpetrator = Ушул кылмышкер аталган окуялар гана
help-list--vehicle = Ушул унаа же номер аталган окуялар гана (01KG123ABC, 01 123 ABC, кириллица да болот)
help-list--place = Ушул жердеги окуялар гана
help-list--witness = Ушул күбө аталган окуялар гана
help-search--perpetrator = Ушул кылмышкер аталган окуялар гана
help-search--vehicle = Ушул унаа же номер аталган окуялар гана (01KG123ABC, 01 123 ABC, кириллица да болот)
help-search--place = Ушул жердеги окуялар гана
help-search--witness = Ушул күбө аталган окуялар гана
help-export--perpetrator = Ушул кылмышкер аталган окуялар гана
help-export--vehicle = Ушул унаа же номер аталган окуялар гана (01KG123ABC, 01 123 ABC, кириллица да болот)
help-export--place = Ушул жердеги окуялар гана
help-export--witness = Ушул күбө аталган окуялар гана
stats-unknown-date = күнү белгисиз
help-stats = Окуялар категория жана ай боюнча: терминалда тилкелер, башка учурда жөнөкөй таблица
help-stats--json = JSON чыгаруу
## ---- end entities (p14) ----
