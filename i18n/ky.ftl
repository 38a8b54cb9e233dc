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
calibrating = Ачкыч түзүүнүн оордугун тандоо үчүн бул компьютердин ылдамдыгы өлчөнүүдө…
vault-created = Сактагыч түзүлдү: { $path } (Argon2id: { $memory } МиБ, өтүүлөр: { $passes }, агымдар: { $lanes }; ачуу { $seconds } сек. созулду).
hint-after-init = Кийинки кадам: окуяны `sandyk add` менен жазыңыз; сырсөздү унутуп калсаңыз деп, калыбына келтирүү ачкычын түзүп алыңыз: `sandyk recovery-key`.
form-intro = Жаңы окуя. Талааны бош калтыруу үчүн Enter басыңыз. Сиз ырастамайынча эч нерсе сакталбайт.
prompt-title = Аталышы (бир нече сөз)
prompt-occurred = Качан болду? (мисалы, "кечээ саат 15те", 2024-03-05 14:30)
confirm-date = Мындай түшүнүлдү: { $when }. Туурабы?
date-not-understood = Түшүнүксүз ({ $reason }). Кайра жазыңыз, мисалы: 2024-03-05, "кечээ саат 15:00дө", "2 күн мурун", белгисиз.
prompt-location = Кайда?
prompt-category = Категория (саны же идентификатору)
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
salt-kept = Бул ачкыч файлынын тузун башка сырсөздөр да колдонот, ошондуктан туз жана оордук мурункудай калды; ал сырсөздөр дагы эле иштейт.
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

## Dates: why a date was refused
err-date-empty = дата берилген жок
err-date-not-understood = түшүнүксүз
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

## Help: --help and the man page (English comes from the doc comments in src/cli/)
help = sandyk — укук коргоочулар үчүн интернетсиз иштеген, шифрленген окуялар сактагычы.

    Окуялар бир шифрленген файлда сырсөз менен корголуп сакталат. Дискке окула турган эч нерсе жазылбайт. Чыгуу коддору: 0 — ийгилик, 1 — ката, 2 — буйрук туура эмес, 3 — сырсөз туура эмес, 4 — сактагыч бузулган, 5 — табылган жок, 6 — топтом текшерүүдөн өткөн жок, 130 — токтотулду.
help--vault = Сактагычтын каталогу [демейки: $XDG_DATA_HOME/sandyk же ~/.local/share/sandyk]
help--passphrase_fd = Сырсөздөрдү терминалдан эмес, ушул файл дескрипторунан окуу (ар бир сапта бирден)
help--lang = Билдирүүлөрдүн жана отчеттордун тили [демейки: LC_ALL, LC_MESSAGES же LANG боюнча]
help-heading-usage = Колдонуу
help-heading-options = Параметрлер
help-heading-arguments = Аргументтер
help-heading-commands = Буйруктар
help-flag-help = Жардамды көрсөтүү
help-flag-version = Версияны көрсөтүү

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
