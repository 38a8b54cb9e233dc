# sandyk — сообщения на русском. Те же id, что в en.ftl, плюс ключи справки (help-…); это
# проверяет тест `cargo test --lib i18n`. Термины — только из docs/glossary.md:
# хранилище, инцидент, парольная фраза, ключ восстановления, слот ключа, пакет, запечатать,
# уничтожить, тревожная парольная фраза, вложение, метка (tag), имя (label), номер (id).
# Команды в подсказках (`sandyk …`, --флаги, DIR, LABEL) не переводятся.

## General
error = ошибка
warning = предупреждение
hint = подсказка
yes-no = д/Н
yes-answers = д,да,y,yes
bytes = байт

## Errors and hints
err-no-home = не найден домашний каталог, чтобы разместить в нём хранилище
hint-vault-flag = укажите каталог: --vault DIR
err-no-vault = хранилище не найдено: { $path }
hint-init = создайте его: sandyk init   (или укажите своё: --vault DIR)
err-vault-exists = здесь уже есть хранилище: { $path }
hint-vault-exists = выберите другой каталог: --vault DIR; ничего не изменено
err-incomplete = хранилище неполное: { $detail }
err-wrong-passphrase = неверная парольная фраза
hint-wrong-passphrase = ничего не изменено; проверьте раскладку клавиатуры (кириллица или латиница) и Caps Lock
err-keyfile-damaged = файл ключей повреждён ({ $detail })
err-keyfile-params = параметры файла ключей отклонены ({ $detail }); возможно, файл подменили
err-keyfile-version = у файла ключей версия формата { $version }; эта версия sandyk не умеет её читать
hint-upgrade = установите более новую версию sandyk
hint-damaged = восстановите каталог хранилища из резервной копии; что именно не так, покажет `sandyk check`
hint-damaged-in-check = восстановите каталог хранилища из резервной копии
err-mismatch = файл ключей и база данных — от разных хранилищ
err-db-damaged = база данных повреждена или не относится к этому файлу ключей
err-not-sqlcipher = в этой сборке sandyk нет библиотеки шифрования (SQLCipher); работа невозможна
err-no-incident = нет инцидента с номером { $id }
err-not-an-id = «{ $id }» — не идентификатор инцидента (идентификаторы состоят из латинских букв и цифр, например 8FQF84)
err-received-read-only = { $id } — инцидент, полученный от { $from }: он хранится в том виде, в каком был отправлен, и здесь не изменяется
hint-received-read-only = чтобы дополнить его, запишите собственный инцидент (sandyk add) со ссылкой на { $id }
hint-list = номера инцидентов: sandyk list
err-deleted = инцидент { $id } удалён
hint-history = его история сохранилась: sandyk history { $id }
err-invalid-input = неверные данные: { $detail }
err-busy = хранилище занято (в него пишет другой процесс sandyk)
hint-retry = повторите через несколько секунд
err-kdf-ram = для вывода ключа этого хранилища нужно { $need } МиБ памяти, больше половины памяти этого компьютера (допустимо { $limit } МиБ); ничего не сделано
hint-kdf-ram = откройте хранилище на компьютере с большим объёмом памяти; если вы не задавали такой объём, файл ключей мог быть подменён
err-db-setting = параметр безопасности базы данных не применился ({ $pragma }); хранилище не будет открыто
hint-db-setting = эта сборка sandyk использует SQLite/SQLCipher, который игнорирует параметр; установите официальный выпуск sandyk
err-journal = не удалось перезаписать журнал базы данных ({ $detail })
hint-journal = диск может быть неисправен или доступен только для чтения; проверьте его и повторите команду
err-read-only = запись невозможна: хранилище на носителе только для чтения или нет прав на запись { $detail }
err-disk-full = диск заполнен
hint-nothing-changed = ничего не изменено; хранилище в прежнем состоянии
err-io = ошибка ввода-вывода: { $detail }
err-db = ошибка базы данных ({ $detail })
err-no-slot = нет парольной фразы или ключа с именем «{ $label }»
hint-passphrase-list = список имён: sandyk passphrase list
err-last-slot = нельзя удалить последнюю парольную фразу: хранилище больше никогда не откроется
hint-last-slot = сначала добавьте другую парольную фразу (sandyk passphrase add --label ИМЯ), затем удалите эту
err-passphrase-in-use = эта парольная фраза уже открывает это хранилище; ничего не изменено
hint-passphrase-in-use = выберите парольную фразу, которая ещё не используется для этого хранилища
err-output-in-vault = { $path } находится в каталоге хранилища { $vault }: sandyk ничего не пишет туда, кроме самого хранилища (файл там мог бы заменить файл ключей или базу данных, а читаемый файл пережил бы sandyk panic)
hint-output-in-vault = выберите место вне { $vault }
err-output-dir-missing = невозможно записать { $path }: каталога { $dir } не существует
hint-output-dir-missing = сначала создайте каталог или укажите другое место через -o
err-output-not-a-file = { $path } — не обычный файл (каталог, ссылка или устройство): --force заменяет только файл
hint-output-not-a-file = укажите имя файла через -o
err-attach-from-vault = { $path } — один из файлов самого хранилища или лежит в каталоге хранилища { $vault }: он не прикреплён
hint-attach-from-vault = прикрепите файл оттуда, где он был создан; инциденты хранилища передаются юристу командой sandyk export
err-sealed = хранилище запечатано: открыть его может только юрист своим ключом
hint-unseal = юрист может восстановить парольную фразу: sandyk unseal --identity KEYFILE
err-symlink = { $path } — символическая ссылка; sandyk не переходит по ссылкам на файл ключей или базу данных
hint-symlink = храните на другом устройстве всё хранилище: перенесите туда каталог хранилища и укажите --vault DIR (или SANDYK_VAULT); тогда `sandyk panic` сможет его уничтожить
err-no-free-slot = все слоты ключей заняты
hint-no-free-slot = сначала удалите один из них: sandyk passphrase remove LABEL
err-too-long = слишком длинное имя или получатель
err-kdf = не удалось сформировать ключ: { $detail }
err-kdf-params = параметры формирования ключа отклонены: { $detail }
hint-kdf-floor = минимум: --kdf-memory 64 --kdf-time 3
err-passphrase-read = не удалось прочитать парольную фразу: { $detail }
err-passphrase-eof = парольная фраза не введена (ввод закончился)
hint-passphrase-fd = запустите в терминале или передайте парольные фразы через дескриптор файла: --passphrase-fd 3 3< file
err-passphrase-too-long = парольная фраза слишком длинная (больше { $max -> 
    [one] { $max } байта
   *[other] { $max } байт
  })
err-no-terminal = нет терминала, чтобы запросить парольную фразу
err-empty-passphrase = парольная фраза пустая
hint-empty-passphrase = введите парольную фразу (в терминале или строкой, переданной через --passphrase-fd)
err-passphrase-mismatch = парольные фразы не совпадают
err-weak-passphrase = парольная фраза отклонена: она слишком слабая
hint-generate = возьмите фразу длиннее или поручите её создать sandyk: sandyk init --generate
err-generate-needs-terminal = созданную парольную фразу можно показать только в терминале
err-interrupted = прервано; ничего не изменено
err-input-too-large = входные данные больше { $max } МиБ
err-not-utf8 = входные данные — не текст в кодировке UTF-8
err-json = неверный JSON: { $detail }
hint-json-fields = поля описаны в docs/incident-model.md
err-add-needs-terminal = для пошаговой формы нужен терминал
hint-input-json = для скриптов передайте JSON на stdin: --input json
err-confirm-needs-terminal = нет терминала для подтверждения
hint-yes = чтобы подтвердить в командной строке, добавьте --yes
err-date = не удалось понять дату «{ $text }»: { $reason }
err-since-after-until = --since «{ $since }» позже, чем --until «{ $until }»: ничего не может подойти
hint-since-after-until = поменяйте даты местами
hint-date = например: 2024-03-05, "2024-03-05 14:30", вчера, "2 дня назад"
err-empty-query = пустой поисковый запрос
hint-empty-query = введите слова в терминале по запросу или передайте их на стандартный ввод: echo "белая машина" | sandyk search
err-change-with-recovery = вы открыли хранилище ключом восстановления; его нельзя сменить на парольную фразу
hint-passphrase-add = вместо этого добавьте новую парольную фразу: sandyk passphrase add --label NAME
err-label-taken = имя «{ $label }» уже занято
err-category-id = идентификатор категории — от 1 до 64 букв, цифр или знаков подчёркивания
err-category-builtin = «{ $category }» уже есть среди встроенных категорий
err-category-name-taken = «{ $name }» — уже имя категории { $category }
hint-category-name-taken = выберите имя, на которое не отзывается ни одна категория (их показывает sandyk category list), или относите инциденты к этой

## Prompts
prompt-passphrase = Парольная фраза
prompt-new-passphrase = Новая парольная фраза
prompt-repeat-passphrase = Повторите новую парольную фразу
prompt-type-generated = Наберите парольную фразу, показанную выше, чтобы подтвердить, что она у вас есть
generated-passphrase = Ваша новая парольная фраза (запишите её и храните отдельно от этого компьютера; она показывается только один раз):
weak-passphrase = Эта парольная фраза слабая: тот, кто изымет устройство, сможет её подобрать. Примерное время подбора: { $crack }.
offer-generate = Создать вместо неё надёжную парольную фразу?
insist-weak = Всё равно использовать слабую парольную фразу?
warn-weak-passphrase = новая парольная фраза слабая (время подбора: { $crack })
warn-harden = не удалось включить защиту процесса: { $what }
warn-unknown-tz = часовой пояс TZ={ $tz } неизвестен этой системе: время читается и показывается в UTC. Укажите свой пояс в TZ (например, TZ=Asia/Bishkek), прежде чем записывать инцидент
warn-unknown-system-tz = часовой пояс системы неизвестен: время читается и показывается в UTC. Укажите свой пояс в TZ (например, TZ=Asia/Bishkek), прежде чем записывать инцидент
attach-migrating = перенос вложений в хранилище вложений: { $count } ({ $size }) (один раз; при прерывании продолжится при следующем запуске)
err-attach-migrate = перенос вложений в хранилище вложений прервался после { $moved } из { $count }: { $detail }. Больше ничего не сделано
hint-attach-migrate = не перенесённые вложения остались как были и читаются; когда причина будет устранена, запустите команду снова: перенос продолжится с того места, где остановился
warn-attach-migrate-damaged = вложение { $reference } не совпадает со своим записанным SHA-256: оно остаётся на прежнем месте и не переносится (см. sandyk check)
calibrating = Измеряю скорость этого компьютера, чтобы настроить сложность формирования ключа…
vault-created = Хранилище создано: { $path } (Argon2id: { $memory } МиБ, проходов: { $passes }, потоков: { $lanes }; разблокировка заняла { $seconds } с).
hint-after-init = Дальше: запишите инцидент командой `sandyk add`; на случай, если забудете парольную фразу, создайте ключ восстановления: `sandyk recovery-key`.
form-intro = Новый инцидент. Чтобы оставить поле пустым, нажмите Enter. Ничего не сохранится, пока вы не подтвердите.
prompt-title = Заголовок (несколько слов)
prompt-occurred = Когда это случилось? (например, «вчера около 15:00», 2024-03-05 14:30)
confirm-date = Понято так: { $when }. Верно?
date-not-understood = Не удалось понять ({ $reason }). Попробуйте ещё раз, например: 2024-03-05, «вчера в 15:00», «2 дня назад», не знаю.
prompt-location = Где?
prompt-category = Категория (номер в списке или идентификатор)
category-unknown = Неизвестная категория «{ $category }».
prompt-tags = Метки (через запятую)
prompt-perpetrators = Кто это сделал? По одному в строке (форма или ведомство, машины и номера, сколько человек); пустая строка — конец.
prompt-victims = Кто пострадал? По одному в строке; пустая строка — конец.
prompt-witnesses = Свидетели? По одному в строке; пустая строка — конец.
prompt-source = Источник (кто сообщил)
prompt-reliability = Достоверность
prompt-confidentiality = Конфиденциальность
prompt-narrative = Что произошло? Пишите столько, сколько нужно; в конце — строка, в которой только точка (.)
confirm-save = Сохранить этот инцидент?
not-saved = не сохранено
incident-saved = Инцидент { $id } сохранён.
amend-intro = Введите новые значения; Enter — оставить поле как есть.
confirm-change-date = Изменить время, когда это случилось?
confirm-change-category = Изменить категорию?
confirm-change-narrative = Заменить описание?
incident-amended = Инцидент { $id } исправлен; прежняя версия осталась в его истории.
incident-unchanged = Ничего не изменилось.
confirm-delete = Удалить этот инцидент? Его содержание будет уничтожено; останутся только факт и время удаления.
not-deleted = не удалено
incident-deleted = Инцидент { $id } удалён.
prompt-search = Что искать
no-incidents = Инцидентов нет.
deleted-at = удалён
narrative-hidden = описание сокращено, чтобы полный текст не остался в истории терминала; показать целиком: sandyk show { $id } --full
passphrase-changed = Парольная фраза изменена (Argon2id: { $memory } МиБ, проходов: { $passes }).
passphrase-added = Парольная фраза «{ $label }» добавлена.
slot-removed = Удалено: «{ $label }»; это больше не открывает хранилище.
recovery-key-intro = Ключ восстановления (запишите его на бумаге и храните в надёжном месте; он открывает хранилище так же, как парольная фраза, и показывается только один раз):
category-added = Категория «{ $category }» добавлена.

## check
check-summary = { $incidents -> 
    [one] { $incidents } инцидент
    [few] { $incidents } инцидента
   *[other] { $incidents } инцидентов
  }, удалено: { $deleted }, { $revisions -> 
    [one] { $revisions } версия
    [few] { $revisions } версии
   *[other] { $revisions } версий
  }.
chain-head = Последнее звено цепочки
check-ok = Все проверки пройдены: файл ключей, шифрование, структура базы данных и цепочка хешей.
check-failed = { $count -> 
    [one] Найдена { $count } проблема
    [few] Найдены { $count } проблемы
   *[other] Найдено { $count } проблем
  }
check-unlabelled-slot = у слота ключа, которым вы открыли хранилище, нет имени в базе данных

## Fields
field-id = Номер
field-title = Заголовок
field-occurred = Когда
field-recorded = Записано
field-location = Место
field-category = Категория
field-tags = Метки
field-perpetrator = Нарушитель
field-victim = Пострадавший
field-witness = Свидетель
field-source = Источник
field-reliability = Достоверность
field-confidentiality = Конфиденциальность
people-count = { $count -> 
    [one] { $count } человек
    [few] { $count } человека
   *[other] { $count } человек
  }
when-unknown = неизвестно

precision-exact = точно
precision-approximate = примерно
precision-day = день
precision-part_of_day = часть дня
precision-range = период
precision-unknown = неизвестно

reliability-firsthand = из первых рук
reliability-high = высокая
reliability-medium = средняя
reliability-low = низкая
reliability-unknown = неизвестна

confidentiality-public = открыто
confidentiality-restricted = ограниченно
confidentiality-confidential = конфиденциально
confidentiality-secret = секретно

op-add = добавлено
op-amend = исправлено
op-delete = удалено
history-tombstone = запись об удалении
history-destroyed = содержание уничтожено

slot-kind-passphrase = парольная фраза
slot-kind-recovery = ключ восстановления
slot-kind-duress = тревожная парольная фраза

## Categories
category-followed = Слежка
category-photographed = Фото- или видеосъёмка
category-wiretap = Подозрение на прослушку или взлом устройства
category-raid = Обыск или рейд
category-summons = Вызов или допрос
category-threat_in_person = Угроза при встрече
category-threat_online = Угроза в интернете
category-detention = Задержание или арест
category-assault = Нападение
category-smear_campaign = Кампания по дискредитации
category-online_harassment = Травля в интернете
category-home_visit = Приход домой
category-other = Другое

## Emergency: panic, wipe, seal, unseal, duress
err-emergency-nothing-there = ХРАНИЛИЩА В { $path } НЕТ — ничего не уничтожено. Либо оно уже уничтожено, либо его здесь никогда не было (опечатка в пути или хранилище в другом месте); sandyk не может различить эти случаи.
hint-emergency-nothing-there = если хранилище в другом каталоге, уничтожьте его там: sandyk panic --vault КАТАЛОГ (или задайте SANDYK_VAULT); по умолчанию это ~/.local/share/sandyk
emergency-destroyed = Хранилище уничтожено: ключ стёрт за { $ms } мс, файлы и каталог хранилища { $path } удалены. Копии и резервные копии в других местах не затронуты.
emergency-destroyed-dir-kept = Хранилище уничтожено: ключ стёрт за { $ms } мс, файлы хранилища в { $path } удалены. Копии и резервные копии в других местах не затронуты.
emergency-left-in-place = Каталог оставлен на месте: в нём есть ещё { $count -> 
    [one] { $count } файл, который не относится
    [few] { $count } файла, которые не относятся
   *[other] { $count } файлов, которые не относятся
  } к хранилищу.
err-emergency-not-wiped = хранилище НЕ уничтожено: не удалось уничтожить файл ключей { $path } ({ $detail })
hint-emergency-not-wiped = хранилище, возможно, всё ещё открывается парольной фразой; если носитель только для чтения или у вас нет прав на запись, уничтожьте само устройство или избавьтесь от него
err-emergency-incomplete = ключ уничтожен (данные больше нельзя расшифровать), но часть файлов хранилища в { $path } удалить не удалось ({ $detail })
hint-emergency-incomplete = запустите `sandyk panic` ещё раз; оставшееся — нечитаемые зашифрованные данные
err-emergency-not-a-directory = { $path } — не каталог хранилища
emergency-wipe-intro = Это навсегда уничтожит хранилище в { $path }:
emergency-what-key = файл ключей: перезаписывается случайными байтами, сбрасывается на диск и удаляется — после этого хранилище не расшифровать ничем
emergency-what-db = зашифрованная база данных: удаляется, затем перезаписывается
emergency-what-journal = журнал базы данных: удаляется, затем перезаписывается
emergency-what-store = вложения, каждое зашифровано своим ключом из базы данных: удаляются — без файла ключей их не расшифровать
emergency-cannot-guarantee = Чего это не гарантирует:
    - На SSD, флешках, SD-картах, телефонах и файловых системах с копированием при записи (btrfs, ZFS, APFS) старые копии файла ключей могут сохраниться внутри устройства. Они открываются только вашей парольной фразой: не раскрывайте её и потом.
    - Копии и резервные копии, которые вы сделали (экспортированные пакеты, другие диски, облако), не затрагиваются.
    - Сама программа sandyk остаётся установленной; по ней видно, что ею пользовались.
    - Уничтожение могут расценить как уничтожение доказательств; `sandyk seal` вместо этого сохраняет доказательства для вашего юриста.
emergency-wipe-confirm = Уничтожить хранилище сейчас?
hint-emergency-wipe-yes = подтвердите флагом --yes или уничтожьте сразу: sandyk panic
emergency-not-wiped-cancelled = Отменено; хранилище не тронуто.
emergency-countdown = Уничтожение через { $seconds } с — нажмите Ctrl-C, чтобы отменить
err-emergency-recipient = этот получатель не подходит: { $detail }
hint-emergency-recipient = укажите получателя age юриста (age1…) или его открытый ключ SSH (ssh-ed25519 …)
err-emergency-too-large = ключ юриста слишком велик для слота ключа ({ $len } байт, максимум { $max })
hint-emergency-too-large = попросите у юриста ключ age (созданный age-keygen) или ключ ssh-ed25519
err-emergency-identity = не удаётся использовать этот закрытый ключ: { $detail }
hint-emergency-identity = укажите закрытый ключ юриста: файл ключа age (AGE-SECRET-KEY-1…) или закрытый ключ OpenSSH
err-emergency-identity-passphrase = неверная парольная фраза файла закрытого ключа
err-emergency-not-sealed = этот ключ не открывает ни одной печати этого хранилища: хранилище не запечатано или запечатано на другой ключ
hint-emergency-not-sealed = ничего не изменено; используйте ключ, на который хранилище было запечатано, — незапечатанное хранилище открывается парольной фразой
err-emergency-no-match = этот ключ не открывает запечатанное хранилище
hint-emergency-no-match = ничего не изменено; проверьте, что хранилище было запечатано именно на этот ключ
err-emergency-no-contact = нет контакта с именем «{ $name }»
hint-emergency-contact = список контактов: sandyk contact list   (или укажите самого получателя: age1… или ssh-ed25519 …)
emergency-seal-intro = Запечатывание: хранилище будет открываться только закрытым ключом получателя:
emergency-seal-confirm = Ваши парольные фразы, ключи восстановления и тревожная парольная фраза перестанут работать. Запечатать сейчас?
emergency-not-sealed-cancelled = Отменено; хранилище не запечатано.
emergency-sealed = Запечатано. Данные сохранены, но открыть хранилище теперь может только владелец ключа ниже (ключей: { $count }); ваши парольные фразы больше не работают. Чтобы открыть его снова: sandyk unseal --identity KEYFILE
emergency-prompt-identity-passphrase = Парольная фраза файла закрытого ключа
emergency-unsealed = Распечатано: хранилище открывается новой парольной фразой; слот запечатывания удалён.
emergency-prompt-duress = Тревожная парольная фраза
emergency-prompt-duress-repeat = Повторите тревожную парольную фразу
err-emergency-duress-same = эта парольная фраза уже открывает хранилище; выберите другую тревожную парольную фразу
err-emergency-duress-needs-to = для --action seal нужен юрист: --to CONTACT|RECIPIENT
err-emergency-duress-no-to = --to используется только вместе с --action seal
emergency-duress-set-destroy = Тревожная парольная фраза задана. Если ввести её при любом запросе парольной фразы, она незаметно уничтожит хранилище и покажет пустое.
emergency-duress-set-seal = Тревожная парольная фраза задана. Если ввести её при любом запросе парольной фразы, она незаметно запечатает хранилище на ключ { $recipient } ({ $fingerprint }) и покажет пустое.
emergency-duress-removed = Тревожная парольная фраза сейчас не задана.

## Attachments
attach-added = вложение { $reference } добавлено: { $name } ({ $size }, { $media_type })
attach-none = вложений нет
attach-field-added = добавлено
attach-reveals-not-examined = метаданные не проверены: sandyk не читает файлы { $media_type }
attach-reveals-gps = раскрывает координаты GPS: { $position }
attach-reveals-gps-alt = раскрывает координаты GPS: { $position }, высота { $altitude } м
attach-reveals-gps-tags = раскрывает теги GPS (без пригодных координат)
attach-reveals-device = раскрывает устройство: { $device }
attach-reveals-serial = раскрывает серийный номер устройства: { $value }
attach-reveals-lens = раскрывает объектив: { $value }
attach-reveals-lens-serial = раскрывает серийный номер объектива: { $value }
attach-reveals-owner = раскрывает владельца или автора: { $value }
attach-reveals-unique-id = раскрывает уникальный идентификатор снимка: { $value }
attach-reveals-captured = раскрывает время съёмки: { $value }
attach-reveals-software = раскрывает программу: { $value }
attach-reveals-comment = раскрывает описание или комментарий: { $value }
attach-reveals-thumbnail = раскрывает встроенную миниатюру
attach-reveals-maker-notes = раскрывает заметки производителя (не разобраны; часто это серийные номера и настройки)
attach-reveals-xmp = раскрывает блок XMP (в нём могут повторяться устройство, место и история правок)
attach-reveals-xmp-gps = раскрывает блок XMP, в котором упоминается GPS
attach-reveals-iptc = раскрывает блок IPTC/Photoshop (автор, место, подписи)
attach-reveals-text = раскрывает текст: { $value }
attach-reveals-other = раскрывает другие блоки: { $value }
attach-reveals-trailing = раскрывает { $size } данных после конца изображения (дополнительные снимки, видео или данные производителя)
attach-reveals-problem = метаданные прочитаны лишь частично: { $detail }
attach-reveals-nothing = метаданных, по которым можно кого-то опознать, не найдено
attach-working-stripped = рабочая копия: без { $removed } ({ $size }, SHA-256 { $sha256 })
attach-working-identical = рабочая копия: сам оригинал (удалять нечего)
attach-working-none = рабочей копии нет: sandyk не умеет удалять метаданные из файлов { $media_type }; для извлечения и экспорта оригинал нужно выбрать явно
attach-working-unreadable = рабочей копии нет: файл не удалось прочитать как { $media_type }; для извлечения и экспорта оригинал нужно выбрать явно
attach-working-not-clean = рабочей копии нет: удаление метаданных не дало чистой копии (повторный проход по копии всё ещё нашёл метаданные); для извлечения и экспорта оригинал нужно выбрать явно
attach-copy-original = оригинал
attach-copy-working = рабочая копия
attach-extracted = { $reference } ({ $which }, { $size }, SHA-256 { $sha256 }) записано в { $path }
err-attach-no-file = нет такого файла: { $path }
err-attach-read = не удаётся прочитать { $path }: { $detail }
err-attach-not-regular = { $path } — не обычный файл
hint-attach-regular = прикрепляйте только файлы (не каталоги, устройства или каналы)
err-attach-changed = { $path } изменился во время чтения; он не прикреплён
hint-attach-changed = ничего не изменено; дождитесь, пока файл будет готов (например, закончится запись), и прикрепите его снова
err-attach-not-found = нет вложения { $reference }
hint-attachments = список вложений: sandyk attachments { $id }
err-attach-bad-ref = { $reference } — не вложение (ожидается ID/N, например 7KQ2MX/1)
hint-attach-ref = список вложений: sandyk attachments ID
err-attach-no-working = у вложения { $reference } нет рабочей копии без метаданных
hint-attach-original = чтобы записать нетронутый оригинал вместе с метаданными: sandyk attachment extract { $reference } -o FILE --original
err-attach-hash = вложение { $reference } не совпадает с записанным SHA-256; ничего не записано
err-attach-tampered = вложение { $reference } изменено или повреждено: фрагмент { $chunk } его сохранённого содержимого не проходит проверку подлинности; ничего не записано
err-attach-missing = сохранённое содержимое вложения { $reference } отсутствует в хранилище вложений (sandyk.store)
hint-attach-tampered = выполните `sandyk check`, чтобы увидеть все повреждённые вложения, затем восстановите каталог хранилища (вместе с sandyk.store) из резервной копии
err-attach-too-many = в одном инциденте может быть не больше { $max -> 
    [one] { $max } вложения
   *[other] { $max } вложений
  }
err-attach-write = не удаётся записать { $path }: { $detail }
err-attach-exists = { $path } уже существует
hint-attach-force = выберите другое имя файла или замените его: --force
err-attach-output-not-regular = { $path } существует и не является обычным файлом; sandyk никогда не пишет поверх него
err-attach-terminal = вложение не выводится в терминал
hint-attach-output = запишите его в файл: -o FILE, или передайте по конвейеру: -o - | …
err-attach-after-add = инцидент { $id } сохранён, но без вложений: { $detail }
hint-attach-after-add = прикрепите их: sandyk attach { $id } FILE…
err-attach-many-incidents = --attach работает только с одним инцидентом, а не с несколькими

## Dates: why a date was refused
err-date-empty = дата не указана
err-date-not-understood = не все слова распознаны или фразу можно понять двояко
err-date-future = эта дата ещё не наступила
err-date-invalid-year = год { $year } вне допустимых пределов
err-date-invalid-too-far = слишком давно
err-date-invalid-weekday-today = этот день недели — сегодня; напишите «сегодня» или «в прошлый …»
err-date-invalid-no-such-date = такой даты нет: { $date }
err-date-invalid-no-such-month = такого месяца нет
err-date-invalid-no-such-day = такого дня нет: { $day }
err-date-invalid-no-such-time = такого времени нет: { $time }
err-date-invalid-clock-change = этого времени не было: в ту ночь переводили часы
err-date-invalid-part-of-day = время не подходит к части дня
err-date-invalid-ambiguous-hour = неясно, какой это час; напишите время по 24 часам (15:00) или добавьте «утра» или «вечера»
err-date-invalid-midnight = полночь этого дня можно понять двояко; напишите 00:00 или 23:59
err-date-invalid-offset = неверное смещение от UTC
err-date-invalid-range = период заканчивается раньше, чем начинается
err-date-invalid-unknown-span = здесь нельзя использовать неизвестную дату: укажите дату
err-date-invalid-not-rfc3339 = начало и конец должны быть временем в формате RFC 3339
err-date-invalid-start-after-end = начало позже конца
err-date-invalid-exact-with-span = для точности «exact» начало и конец должны совпадать (для промежутка — «range» или «approximate»)
err-attach-no-working-why = у вложения { $reference } нет рабочей копии без метаданных: { $why }
attach-why-unsupported = sandyk не умеет удалять метаданные из файлов { $media_type }
attach-why-unreadable = файл не удалось прочитать как { $media_type }
attach-why-not-clean = удаление метаданных не дало чистой копии (повторный проход по рабочей копии всё ещё нашёл метаданные)

## Bundles: export, contacts, keygen, log, bundle verify/open/signer, import
bundle-contact-added = Контакт «{ $name }» добавлен ({ $kind }), отпечаток { $fingerprint }.
bundle-contact-compare = Прежде чем что-либо отправлять, сверьте этот отпечаток с человеком по надёжному каналу (лично или по телефону).
bundle-contact-none = Контактов пока нет. Добавить: sandyk contact add NAME RECIPIENT
bundle-contact-removed = Контакт «{ $name }» удалён.
bundle-contact-added-signer = Ключ подписи «{ $name }»: { $readable }. Пакеты с этой подписью теперь показываются как от «{ $name }».
bundle-contact-signer-replaced = У «{ $name }» раньше был ключ подписи { $old }; ему больше нет доверия.
contact-card-explain = Это ваша карточка контакта. Передайте её человеку лично или прочитайте ему оба отпечатка вслух по надёжному каналу; он добавит её командой: sandyk contact add ИМЯ --card ФАЙЛ
err-contact-card = неверная карточка контакта: { $detail }
hint-contact-card = карточка начинается со строки «sandyk-card 1»; попросите у человека вывод команды: sandyk contact card --recipient ЕГО-ПОЛУЧАТЕЛЬ
hint-contact-needs-recipient = у контакта есть только ключ подписи (для проверки его пакетов); чтобы отправлять ему, попросите его карточку (его sandyk contact card --recipient …, в ней оба ключа), затем: sandyk contact remove ИМЯ и sandyk contact add ИМЯ --card ФАЙЛ
err-contact-card-terminal = передайте карточку через --card ФАЙЛ или на stdin (не из терминала)
err-contact-signer-taken = этот ключ подписи уже принадлежит другому контакту
err-contact-no-recipient = у контакта «{ $name }» нет получателя (только ключ подписи)
err-bundle-unknown-signer = пакет цел, но подписан ключом, которого нет среди ваших контактов ({ $readable }, { $fingerprint }): отправитель неизвестен
hint-bundle-unknown-signer = ничего не записано. Если вы знаете отправителя, сверьте с ним этот отпечаток по надёжному каналу, затем добавьте его карточку (sandyk contact add ИМЯ --card ФАЙЛ) или примите этот ключ один раз: --signer { $fingerprint } (при импорте: --signer { $fingerprint } --as ИМЯ)
err-bundle-stale = инцидент { $id }: в этом пакете { $got } верс. истории, а от того же отправителя уже импортировано { $have }: это более старая копия (повтор?)
err-bundle-forked = инцидент { $id }: его история отличается от уже импортированной от того же отправителя
hint-bundle-stale = ничего не импортировано. Попросите у отправителя самый новый пакет; sandyk import --list показывает, что у вас есть
bundle-verify-from = От: { $name } (контакт; ключ подписи { $readable })
bundle-verify-pinned = От: ключ, указанный в --signer ({ $readable }); не из ваших контактов
bundle-verify-own = От: этого хранилища (ваш собственный ключ подписи { $readable })
err-import-own = этот пакет экспортирован из этого хранилища (он подписан собственным ключом хранилища): его инциденты уже здесь; ничего не импортировано
err-signer-malformed = --signer «{ $signer }» — не отпечаток ключа подписи
hint-signer-malformed = укажите восемь групп по четыре шестнадцатеричные цифры, которые показывает `sandyk bundle signer` у отправителя (или строку SHA256:…), как вам их прочитали лично
hint-import-own = import — для пакетов от других; чтобы прочитать этот, используйте sandyk bundle open
received-from = (от { $name })
bundle-import-already-content = Всё в этом пакете уже импортировано от того же отправителя (те же версии); ничего не изменилось.
bundle-import-duplicates = Инцидентов, уже импортированных от того же отправителя (те же версии) и пропущенных: { $count }.
bundle-keygen-fingerprint = Отпечаток: { $fingerprint }  (добавьте открытый ключ в свою карточку: sandyk contact card --recipient ОТКРЫТЫЙ-КЛЮЧ)
err-bundle-contact-exists = контакт с именем «{ $name }» уже есть
hint-bundle-contact-exists = сначала удалите его: sandyk contact remove "{ $name }"
err-bundle-contact-name = имя контакта — от 1 до 64 символов, без управляющих и невидимых символов (например, знаков направления текста); оно не может начинаться с age1, ssh-, @ или -
err-bundle-contact-unknown = нет контакта с именем «{ $name }»
hint-bundle-contact-list = список контактов: sandyk contact list   (или укажите самого получателя: age1… или "ssh-ed25519 AAAA…")
bundle-keygen-written = Новый закрытый ключ записан в { $path }. Храните его в секрете и сделайте резервную копию: без него пакеты, отправленные вам, не открыть. Открытый ключ (ниже) дайте тем, кто будет присылать вам пакеты.
bundle-keygen-public = Открытый ключ: { $recipient }
err-bundle-keygen-exists = { $path } уже существует; он никогда не перезаписывается
hint-bundle-keygen-exists = файл идентичности никогда не заменяется: укажите другое имя через -o (и сохраните старый, если на него отправлялись пакеты)
err-bundle-keygen-terminal = закрытый ключ не выводится в терминал
hint-bundle-keygen-output = запишите его в файл: sandyk keygen -o key.txt
err-bundle-no-selection = укажите, какие инциденты экспортировать
hint-bundle-selection = укажите номера инцидентов, --all или фильтры (--since, --until, --category, --tag, --search); см.: sandyk list
err-bundle-empty = ни один инцидент не подходит; пустой пакет не создаётся
err-bundle-no-recipient = укажите, кто сможет открыть пакет
hint-bundle-recipient = используйте --to CONTACT, --to age1…, --to "ssh-ed25519 AAAA…", --to-file FILE или --with-passphrase
hint-contact-recipient = укажите age-получателя человека (age1…, из `sandyk keygen` или `age-keygen`) или открытый ключ SSH (ssh-ed25519 …), либо его карточку через --card ФАЙЛ
err-bundle-passphrase-mixed = пакет с парольной фразой нельзя одновременно зашифровать для получателей (age не допускает парольную фразу вместе с ключами)
hint-bundle-passphrase-mixed = уберите --to/--to-file или --with-passphrase; чтобы пакет получили и те и другие, экспортируйте дважды
err-bundle-passphrase-terminal = созданную парольную фразу можно показать только в терминале, а его нет
hint-bundle-passphrase-terminal = запустите экспорт в терминале или зашифруйте пакет для ключа: --to
err-bundle-terminal = пакет не выводится в терминал
hint-bundle-terminal = запишите его в файл: -o FILE, или перенаправьте stdout: -o - > bundle.age
err-bundle-exists = { $path } уже существует; пакет никогда не записывается поверх файла
hint-bundle-exists = выберите другое имя: -o, или переместите существующий файл
err-bundle-recipient = неверный получатель: { $detail }
err-bundle-recipients-file-large = файл получателей слишком большой
err-bundle-identity = не удаётся использовать этот закрытый ключ: { $detail }
err-bundle-identity-passphrase = не удаётся использовать этот закрытый ключ: неверная парольная фраза ключа SSH
err-detail-file-too-large = файл слишком большой
hint-bundle-identity = укажите свой закрытый ключ: --identity KEYFILE (файл ключа age или закрытый ключ SSH, например ~/.ssh/id_ed25519)
err-bundle-incident-too-large = инцидент { $id } слишком велик для пакета (история — { $size } МиБ; максимум { $max } МиБ)
err-bundle-no-signing-key = у хранилища нет ключа подписи
err-bundle-changed = хранилище или файл пакета изменились во время чтения; ничего не записано
err-bundle-entry = содержимое вложения не совпадает с его записью: { $path }
err-bundle-encrypt = не удалось зашифровать: { $detail }
hint-bundle-not-written = файл пакета снова удалён, чтобы журнал экспорта и файлы совпадали
bundle-written = Пакет записан: { $path } ({ $count -> 
    [one] { $count } инцидент
    [few] { $count } инцидента
   *[other] { $count } инцидентов
  }, { $bytes }).
bundle-signed-by = Подписано ключом { $signer } (юрист может сверить его с выводом команды sandyk bundle signer).
bundle-sha256 = SHA-256 пакета: { $sha }
bundle-passphrase-intro = Парольная фраза для этого пакета (передайте её юристу другим путём, не вместе с файлом; она показывается только один раз):
bundle-log-empty = Экспортов пока не было.
bundle-log-line = { $count -> 
    [one] { $count } инцидент
    [few] { $count } инцидента
   *[other] { $count } инцидентов
  }: { $ids } → { $to }  SHA-256 { $sha }
bundle-signer-explain = Это ключ, которым подписываются ваши пакеты. Передайте отпечаток (первая строка) своему юристу по надёжному каналу, чтобы он мог проверить, кто подписал пакет.
err-bundle-no-file = нет такого файла: { $path }
err-input-is-dir = { $path } — каталог, а не файл
hint-input-file = проверьте путь (имя файла, как его показывает `ls`)
err-bundle-verify = пакет не прошёл проверку: { $detail }
hint-bundle-verify = не доверяйте этому файлу; попросите отправителя прислать новую копию. Ничего не записано.
hint-bundle-signer = пакет может быть от кого-то другого; сверьте отпечаток с отправителем по надёжному каналу, затем укажите --signer FINGERPRINT
err-bundle-wrong-identity = этот пакет зашифрован не для указанного ключа
hint-bundle-wrong-identity = проверьте, что вы указали закрытый ключ, который соответствует получателю, выбранному отправителем (у отправителя его отпечаток показывает sandyk contact list)
err-bundle-wrong-passphrase = неверная парольная фраза пакета
err-bundle-excessive-work = защита пакета парольной фразой требует слишком много вычислений (scrypt 2^{ $log_n }); отказ
err-bundle-is-passphrase = этот пакет защищён парольной фразой, а не ключом
hint-bundle-omit-identity = уберите --identity; парольная фраза будет запрошена (или прочитана из --passphrase-fd)
err-bundle-needs-identity = этот пакет зашифрован для ключа
err-bundle-dir-not-empty = { $path } существует и не является пустым каталогом
hint-bundle-dir = выберите новый каталог: -o DIR; ничего никогда не перезаписывается
prompt-bundle-passphrase = Парольная фраза пакета
prompt-bundle-ssh-key-passphrase = Парольная фраза ключа SSH
bundle-problem-not-age = это не файл, зашифрованный age
bundle-problem-header = заголовок шифрования слишком большой
bundle-problem-decryption = файл изменён или обрезан (расшифровать не удалось)
bundle-problem-empty = пакет пустой
bundle-problem-archive = архив внутри повреждён ({ $detail })
bundle-problem-unsafe-path = опасное имя файла в архиве: { $path }
bundle-problem-not-regular = { $path } — не обычный файл (ссылки, устройства и каталоги не принимаются)
bundle-problem-unlisted = { $path } нет в манифесте
bundle-problem-duplicate = { $path } встречается дважды
bundle-problem-order = { $path } не на своём месте (ожидалось: { $expected })
bundle-problem-missing = нет файла { $path }
bundle-problem-size = у { $path } неверный размер
bundle-problem-hash = { $path } не совпадает со своим SHA-256 в манифесте
bundle-problem-too-large = { $path } слишком большой
bundle-problem-manifest = манифест неверный: { $detail }
bundle-problem-end-marker = нет метки конца манифеста (файл обрезан)
bundle-problem-signature = подпись не проходит проверку
bundle-problem-wrong-signer = подписано ключом { $found }, а ожидался { $expected }
bundle-problem-signer-changed = прежние пакеты из этого хранилища были подписаны ключом { $known }, а этот — ключом { $found }
bundle-problem-incidents = incidents.json неверный: { $detail }
bundle-problem-chain = инцидент { $id }: { $detail }
bundle-problem-trailing = после конца архива есть данные
bundle-verify-ok = Пакет проверен: все файлы, манифест, подпись и цепочка хешей каждого инцидента целы.
bundle-verify-signer = Подписано ключом: { $signer }
bundle-verify-summary = Экспорт { $created } из хранилища { $vault }: { $count -> 
    [one] { $count } инцидент
    [few] { $count } инцидента
   *[other] { $count } инцидентов
  }, { $revisions -> 
    [one] { $revisions } версия
    [few] { $revisions } версии
   *[other] { $revisions } версий
  }; последнее звено цепочки хранилища — №{ $seq }.
bundle-verify-incidents = Инциденты: { $ids }
bundle-verify-compare-signer = Сверьте отпечаток подписавшего с тем, который отправитель передал вам по надёжному каналу (отправитель видит его в sandyk bundle signer).
bundle-extracted = { $count -> 
    [one] Извлечён { $count } файл
    [few] Извлечено { $count } файла
   *[other] Извлечено { $count } файлов
  } в { $path }.
bundle-import-already = Этот пакет уже импортирован ({ $when }); ничего не изменилось.
bundle-import-done = Импортировано: { $count -> 
    [one] { $count } инцидент
    [few] { $count } инцидента
   *[other] { $count } инцидентов
  } от { $from } (ключ подписи { $signer }), экспорт { $created }.
bundle-import-none = Полученных инцидентов пока нет.
bundle-import-list-from = (подпись { $signer }; экспорт { $exported }, получено { $received }; { $revisions -> 
    [one] { $revisions } версия
    [few] { $revisions } версии
   *[other] { $revisions } версий
  })
bundle-report-title = Отчёт об инцидентах
bundle-report-intro = Создан программой sandyk из зашифрованного подписанного пакета доказательств. Основные данные — в incidents.json, хеши которого подписаны в manifest.json; как их проверить, объясняет VERIFY.txt.
bundle-report-exported = Экспортировано
bundle-report-count = Инциденты
bundle-report-signer = Ключ подписи
bundle-report-vault = Хранилище
bundle-report-chain-head = Последнее звено цепочки при экспорте
bundle-report-narrative = Описание
bundle-report-history = История
bundle-report-rev-op = Изменение
bundle-report-rev-at = Записано
bundle-report-rev-changed = Изменённые поля
bundle-report-rev-hash = Хеш версии (SHA-256)
bundle-report-earlier = Прежние значения
bundle-report-earlier-note = Значения до более позднего исправления; каждая версия остаётся в цепочке хешей.
bundle-report-attachment = Вложение
bundle-verify-title = КАК ПРОВЕРИТЬ ЭТОТ ПАКЕТ
bundle-verify-intro = Этот пакет экспортирован программой sandyk { $created }. В нём { $count -> 
    [one] { $count } инцидент
    [few] { $count } инцидента
   *[other] { $count } инцидентов
  }, он подписан ключом { $signer }. Всё ниже требует только стандартных инструментов, поэтому проверить можно и без sandyk.
bundle-verify-tools = Понадобятся: age (https://age-encryption.org), tar, sha256sum и ssh-keygen (OpenSSH 8.1 или новее). jq — по желанию. Строки, начинающиеся с $, — это команды; строки, начинающиеся с >, показывают ожидаемый вывод.
bundle-verify-step-decrypt = Расшифруйте и распакуйте пакет в пустой каталог (лучше на зашифрованном диске); umask 077 делает распакованные файлы доступными только вам. KEYFILE — ваш файл ключа age или закрытый ключ SSH (например, ~/.ssh/id_ed25519).
bundle-verify-step-decrypt-passphrase = Расшифруйте и распакуйте пакет в пустой каталог (лучше на зашифрованном диске); umask 077 делает распакованные файлы доступными только вам. age запросит парольную фразу, которую вам передал отправитель.
bundle-verify-decrypt-note = Если age или tar сообщит о любой ошибке, остановитесь: файл изменён или обрезан, и распакованному доверять нельзя.
bundle-verify-step-files = Проверьте, что в пакете ровно эти файлы и ничего больше:
bundle-verify-step-hashes = Проверьте каждый файл по SHA-256, указанному в manifest.json:
bundle-verify-step-signature = Проверьте подпись manifest.json (она охватывает хеш каждого другого файла) ключом подписи отправителя, полученным лично: строкой, начинающейся с ssh-ed25519, из его карточки контакта (или показанной командой sandyk bundle signer на его устройстве). Сохраните эту строку в файл вне этого каталога и укажите его имя вместо SENDER_KEY_FILE. Не signer.pub: подделыватель может положить туда чей угодно ключ.
bundle-verify-compare-fingerprint = ssh-keygen должен вывести эту строку «Good», и SHA256:… в её конце должен совпадать с отпечатком на карточке, полученной вами лично ({ $signer }, если этот файл подлинный). Любой другой вывод («Could not verify signature», другой отпечаток): остановитесь, пакет подписан не отправителем.
bundle-verify-step-chain = Каждая версия инцидента содержит хеш короткого текста (его «прообраза»). Пересчитайте хеш первой версии:
bundle-verify-chain-jq = С jq — то же из incidents.json, а также хеш содержимого версии (body_hash):
bundle-verify-chain-links = Поле incident_prev каждой версии — это хеш предыдущей версии того же инцидента (64 нуля у первой), а хеш последней версии каждого инцидента указан в manifest.json; поэтому ни одну версию нельзя удалить, изменить или добавить, не нарушив подпись.
bundle-verify-step-read = Только когда все шаги выше пройдены: откройте report.html в браузере (он не запускает скриптов и ничего не загружает из сети) или распечатайте его; в incidents.json те же данные — каждая версия каждого инцидента. sandyk bundle open вместо этого сам создаёт report.html из проверенного incidents.json.
bundle-verify-sandyk = В sandyk всё это делает одна команда: sandyk bundle verify BUNDLE --identity KEYFILE

## i18n: how long a passphrase would take to guess
time-less-than-second = меньше секунды
time-seconds = { $count -> 
    [one] { $count } секунда
    [few] { $count } секунды
   *[other] { $count } секунд
  }
time-minutes = { $count -> 
    [one] { $count } минута
    [few] { $count } минуты
   *[other] { $count } минут
  }
time-hours = { $count -> 
    [one] { $count } час
    [few] { $count } часа
   *[other] { $count } часов
  }
time-days = { $count -> 
    [one] { $count } день
    [few] { $count } дня
   *[other] { $count } дней
  }
time-months = { $count -> 
    [one] { $count } месяц
    [few] { $count } месяца
   *[other] { $count } месяцев
  }
time-years = { $count -> 
    [one] { $count } год
    [few] { $count } года
   *[other] { $count } лет
  }
time-centuries = больше ста лет

## i18n: details inside core errors
err-detail-db-cannot-open = не удаётся открыть файл базы данных
err-detail-disk-io = ошибка ввода-вывода диска
err-detail-json-not-object = ожидается объект или массив объектов
err-detail-json-not-one-object = ожидается один объект: amend изменяет один инцидент
err-detail-json-empty = массив пустой

## i18n: command-line errors
err-usage-unknown-argument = неизвестный параметр «{ $arg }»
err-usage-unknown-command = неизвестная команда «{ $arg }»
err-usage-invalid-value = недопустимое значение «{ $value }» для «{ $arg }»
err-usage-missing = не указан обязательный аргумент: { $arg }
err-usage-missing-command = укажите, какую команду выполнить
err-usage-conflict = «{ $arg }» нельзя использовать вместе с «{ $other }»
err-usage-values = неверное число значений для «{ $arg }»
err-usage-other = ошибка в командной строке
hint-usage-suggest = может быть, вы имели в виду «{ $suggestion }»?
hint-usage-values = возможные значения: { $values }
hint-usage-help = справка: { $command } --help

## i18n: invalid incident input; field names are the JSON names
err-model-missing = поле `{ $field }` обязательно
err-model-too-long = поле `{ $field }` слишком длинное ({ $len -> 
    [one] { $len } символ
    [few] { $len } символа
   *[other] { $len } символов
  }; максимум { $max })
err-model-too-many = слишком много записей в `{ $field }` ({ $len }; максимум { $max })
err-model-category = неизвестная категория `{ $category }`
hint-categories = список категорий: sandyk category list
err-model-coordinates = координатам нужны и «lat», и «lon», в пределах −90…90 и −180…180
err-model-invalid = недопустимое значение в `{ $field }`

## Help: --help and the man page (English comes from the doc comments in src/cli/)
help = sandyk — офлайн-хранилище зашифрованных записей об инцидентах для правозащитников.

    Инциденты хранятся в одном зашифрованном файле под парольной фразой. Ничего читаемого на диск не записывается. Коды выхода: 0 — успех, 1 — сбой, 2 — ошибка в команде, 3 — неверная парольная фраза, 4 — хранилище повреждено, 5 — не найдено, 6 — пакет не прошёл проверку, 7 — пакет подписан неизвестным ключом, 8 — пакет старее уже импортированного, 130 — прервано.
help--vault = Каталог хранилища [по умолчанию: $XDG_DATA_HOME/sandyk или ~/.local/share/sandyk]
help--passphrase_fd = Читать парольные фразы из этого дескриптора файла (по одной в строке), а не из терминала
help--lang = Язык сообщений и отчётов [по умолчанию: из SANDYK_LANG, LC_ALL, LC_MESSAGES или LANG]
help-heading-usage = Использование
help-heading-options = Параметры
help-heading-arguments = Аргументы
help-heading-commands = Команды
help-flag-help = Показать справку
help-flag-version = Показать версию
help-label-default = по умолчанию
help-label-values = возможные значения
help-label-env = переменная окружения

help-init = Создать новое хранилище
help-init--kdf_memory = Задать память Argon2id в МиБ (не меньше 64) вместо калибровки
help-init--kdf_time = Задать число проходов Argon2id (не меньше 3)
help-init--kdf_parallelism = Задать число потоков Argon2id
help-init--kdf_target_ms = Целевое время разблокировки при калибровке, в миллисекундах
help-init--generate = Создать надёжную парольную фразу из слов (показывается в терминале один раз) вместо того, чтобы вводить свою

help-add = Записать новый инцидент (пошаговая форма в терминале или JSON на stdin)
help-add--input = Прочитать инцидент(ы) в формате JSON со stdin: один объект или массив (поля — как в docs/incident-model.md). Выводит номера новых инцидентов

help-list = Показать список инцидентов
help-list--since = Только инциденты, которые могли произойти в эту дату или позже ("2024-03-01", "2 дня назад")
help-list--until = Только инциденты, которые могли произойти в эту дату или раньше
help-list--category = Только эта категория (см. `sandyk category list`)
help-list--tag = Только инциденты с этой меткой
help-list--json = Вывести JSON
help-list--deleted = Вместо этого показать удалённые инциденты (номера и время удаления)
help-list--from = Вместо этого показать инциденты, полученные от этого контакта (`sandyk import`), последнюю версию каждого; все фильтры работают так же, как для ваших
help-list--received = Вместо этого показать все полученные инциденты с их отправителями (все фильтры работают)
help-list--own = Только собственные инциденты этого хранилища (по умолчанию)

help-show = Показать один инцидент
help-show--id = Номер инцидента
help-show--full = Вывести описание целиком (оно останется в истории прокрутки терминала)
help-show--json = Вывести JSON (всегда полностью)

help-search = Найти инциденты (если запрос не указан, он будет запрошен; слова в командной строке остаются в истории оболочки)
help-search--query = Слова для поиска. Необязательно: без них запрос читается из терминала (или со stdin) и не попадает в историю оболочки
help-search--since = Только инциденты, которые могли произойти в эту дату или позже ("2024-03-01", "2 дня назад")
help-search--until = Только инциденты, которые могли произойти в эту дату или раньше
help-search--category = Только эта категория (см. `sandyk category list`)
help-search--tag = Только инциденты с этой меткой
help-search--json = Вывести JSON
help-search--from = Вместо этого искать в инцидентах, полученных от этого контакта (тот же поиск и те же фильтры, что для ваших)
help-search--received = Вместо этого искать во всех полученных инцидентах
help-search--own = Только собственные инциденты этого хранилища (по умолчанию)

help-amend = Исправить инцидент; прежняя версия остаётся в его истории
help-amend--id = Номер инцидента
help-amend--input = Прочитать изменённые поля одним объектом JSON со stdin

help-delete = Удалить инцидент: его содержание уничтожается, факт и время удаления остаются
help-delete--id = Номер инцидента
help-delete--yes = Не спрашивать подтверждения

help-history = Показать версии инцидента
help-history--id = Номер инцидента
help-history--json = Вывести JSON (все версии, с содержанием там, где оно ещё есть)

help-check = Проверить файл ключей, базу данных и цепочку хешей
help-check--json = Вывести JSON

help-passphrase = Сменить, добавить или удалить парольную фразу, показать их список
help-passphrase-change = Сменить парольную фразу, которой вы открываете хранилище. С --passphrase-fd: старая — в первой строке, новая — во второй
help-passphrase-change--generate = Создать надёжную парольную фразу из слов вместо того, чтобы вводить свою
help-passphrase-change--kdf_target_ms = Целевое время калибровки в миллисекундах (не учитывается, если параметры формирования ключа заданы вручную)
help-passphrase-add = Добавить ещё одну парольную фразу (например, для второго человека)
help-passphrase-add--label = Имя, чтобы отличать эту парольную фразу (хранится в зашифрованном виде)
help-passphrase-add--generate = Создать надёжную парольную фразу из слов вместо того, чтобы вводить свою
help-passphrase-remove = Удалить парольную фразу или ключ восстановления по имени
help-passphrase-remove--label = Имя парольной фразы или ключа восстановления, которые нужно удалить
help-passphrase-list = Показать слоты ключей с их именами
help-passphrase-list--json = Вывести JSON

help-recovery-key = Создать ключ восстановления (выводится один раз) на случай, если парольная фраза забудется
help-recovery-key--label = Имя ключа восстановления

help-category = Управлять своими категориями инцидентов
help-category-add = Добавить свою категорию
help-category-add--id = Короткий идентификатор, например `checkpoint_search`
help-category-add--label = Название, понятное людям
help-category-list = Показать категории: встроенные и ваши
help-category-list--json = Вывести JSON

help-completions = Вывести автодополнение для оболочки
help-completions--shell = Оболочка

help-man = Записать страницу руководства (man)
help-man--out_dir = Записать страницы в этот каталог (по одной на команду) вместо того, чтобы вывести sandyk.1

help-add--attach = Прикрепить этот файл к новому инциденту (можно повторять; см. `sandyk attach`)

help-attach = Прикрепить файлы (фото, записи, документы) к инциденту: они хранятся зашифрованными как оригиналы-доказательства, а для фото, PDF, видео и аудио делаются рабочие копии без метаданных
help-attach--id = Номер инцидента
help-attach--files = Файлы для прикрепления: любого типа и размера. Каждый хранится целиком и зашифрованным внутри хранилища; для JPEG, PNG, WebP, PDF, MP4/MOV/M4A, MP3 и Ogg делается рабочая копия без метаданных, по которым можно кого-то опознать (обычный текст сам себе рабочая копия)
help-attachments = Показать вложения инцидента и что раскрывают их метаданные
help-attachments--id = Номер инцидента
help-attachments--json = Вывести JSON: имя, размер, SHA-256 оригинала, тип, рабочая копия и что раскрывают метаданные
help-attachment = Работа с одним вложением (извлечение, удаление)
help-attachment-extract = Записать одно вложение в файл: по умолчанию рабочую копию без метаданных, с --original — нетронутый оригинал. Никогда не в терминал; никогда поверх существующего файла без --force
help-attachment-extract--attachment = Вложение: номер инцидента, косая черта и номер вложения (как показывает `sandyk attachments ID`)
help-attachment-extract--output = Файл для записи (`-` — стандартный вывод, если это не терминал)
help-attachment-extract--original = Записать нетронутый оригинал со всеми метаданными (координаты GPS, серийный номер устройства, …) вместо рабочей копии
help-attachment-extract--force = Заменить FILE, если он существует
help-attachment-delete = Удалить одно вложение: его ключ уничтожается, а сохранённые байты (оригинал и рабочая копия) удаляются; инцидент остаётся, с редакцией о том, что вложение удалено. Спрашивает подтверждение целым словом (или --yes)
help-attachment-delete--attachment = Вложение: номер инцидента, косая черта и номер вложения (как показывает `sandyk attachments ID`)
help-attachment-delete--yes = Не спрашивать подтверждения

help-export = Экспортировать инциденты в подписанный зашифрованный пакет доказательств для юриста
help-export--ids = Номера инцидентов для экспорта
help-export--all = Экспортировать все инциденты
help-export--since = Только инциденты, которые могли произойти в эту дату или позже ("2024-03-01", "2 дня назад")
help-export--until = Только инциденты, которые могли произойти в эту дату или раньше
help-export--category = Только эта категория (см. `sandyk category list`)
help-export--tag = Только инциденты с этой меткой
help-export--search = Только инциденты с этими словами (полнотекстовый поиск, как в `search`)
help-export--to = Кто сможет открыть пакет: имя контакта, получатель age (age1…) или открытый ключ SSH ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"). Повторите для нескольких
help-export--to_file = Файл получателей: по одному в строке, комментарии через `#`. Можно повторять
help-export--with_passphrase = Защитить пакет созданной парольной фразой вместо ключей. Фраза показывается в терминале один раз; передайте её юристу другим путём. Нельзя сочетать с --to и --to-file
help-export--armor = Текстовый вывод ASCII armor (для почты или печати) вместо двоичного
help-export--output = Файл пакета (никогда не перезаписывается) или `-` для stdout, если это не терминал
help-log = Показать журнал экспорта: когда, какие инциденты, кому, SHA-256 пакета
help-log--json = Вывести JSON

help-contact = Адресная книга: получатели для экспорта и ключи подписи, пакетам от которых вы доверяете
help-contact-add = Добавить контакт по его карточке (`sandyk contact card` у него; из --card ФАЙЛ или из stdin) или по одному получателю (age `age1…` или открытый ключ SSH в кавычках). Ключ подписи из карточки делает пакеты с этой подписью «от ИМЕНИ»; пакеты с другими ключами отклоняются (код 7). Показывает отпечатки: сверьте их с человеком по надёжному каналу (лично, по телефону)
help-contact-add--name = Имя контакта (не начинается с `age1`, `ssh-` или `-`)
help-contact-add--recipient = Один получатель (вместо карточки)
help-contact-add--card = Файл карточки контакта (`-` — stdin, по умолчанию без ПОЛУЧАТЕЛЯ)
help-contact-add--replace = Заменить контакт с этим именем (его старым ключам больше нет доверия)
help-contact-card = Показать вашу карточку контакта: ваш ключ подписи (тот, что показывает `bundle signer`) и, с --recipient, получателя age для пакетов вам (из `sandyk keygen`). Передайте её человеку; он добавит её командой `sandyk contact add ИМЯ --card ФАЙЛ`
help-contact-card--recipient = Ваш получатель (age1… из `sandyk keygen` или открытый ключ SSH)
help-contact-card--name = Имя, которое карточка предлагает для вас
help-contact-card--qr = Также нарисовать карточку QR-кодом (чтобы его считал телефон собеседника)
help-contact-list = Показать контакты с их отпечатками
help-contact-list--json = Вывести JSON
help-contact-remove = Удалить контакт
help-contact-remove--name = Имя контакта
help-keygen = Создать ключ age (пару ключей), чтобы получать пакеты; выводит получателя
help-keygen--output = Записать новый закрытый ключ в этот файл (права 0600; никогда не перезаписывается). Без этого ключ идёт на stdout, который не должен быть терминалом

help-bundle = Проверить или открыть полученный пакет; показать ключ подписи этого хранилища
help-bundle-verify = Проверить пакет: расшифровать его потоком и проверить хеш каждого файла, манифест, подпись и цепочку хешей каждого инцидента. Ничего не записывает. Код выхода 6, если что-то не так
help-bundle-verify--file = Файл пакета
help-bundle-verify--identity = Ваш закрытый ключ: файл ключа age (AGE-SECRET-KEY-1…) или закрытый ключ SSH. Не указывайте его для пакета с парольной фразой (она будет запрошена или прочитана из --passphrase-fd)
help-bundle-verify--signer = Принять пакет, подписанный этим ключом, и только им: его отпечаток, как показывает `sandyk bundle signer` у отправителя (`SHA256:…` или восемь групп по четыре), сверенный с ним по надёжному каналу. Без него принимаются только ключи контактов (код 7 для любого другого ключа)
help-bundle-verify--json = Вывести JSON
help-bundle-open = Проверить пакет, затем извлечь его файлы в новый (или пустой) каталог
help-bundle-open--file = Файл пакета
help-bundle-open--identity = Ваш закрытый ключ: файл ключа age (AGE-SECRET-KEY-1…) или закрытый ключ SSH. Не указывайте его для пакета с парольной фразой (она будет запрошена или прочитана из --passphrase-fd)
help-bundle-open--signer = Принять пакет, подписанный этим ключом, и только им: его отпечаток, как показывает `sandyk bundle signer` у отправителя (`SHA256:…` или восемь групп по четыре), сверенный с ним по надёжному каналу. Без него принимаются только ключи контактов (код 7 для любого другого ключа)
help-bundle-open--output = Каталог для извлечения (будет создан; если он существует, то должен быть пустым)
help-bundle-signer = Показать ключ подписи этого хранилища: отпечаток, который юристы сверяют при проверке
help-bundle-signer--json = Вывести JSON
help-import = Проверить полученный пакет и сохранить его инциденты в этом хранилище вместе с их происхождением
help-import--file = Файл пакета
help-import--identity = Ваш закрытый ключ: файл ключа age (AGE-SECRET-KEY-1…) или закрытый ключ SSH. Не указывайте его для пакета с парольной фразой (она будет запрошена или прочитана из --passphrase-fd)
help-import--signer = Принять пакет, подписанный этим ключом, и только им: его отпечаток, как показывает `sandyk bundle signer` у отправителя (`SHA256:…` или восемь групп по четыре), сверенный с ним по надёжному каналу. Без него принимаются только ключи контактов (код 7 для любого другого ключа)
help-import--as_name = С --signer: запомнить ключ как ключ подписи этого контакта (заменяя прежний ключ контакта, которому больше нет доверия). Без него закреплённый ключ сохраняется как контакт `key-` и его первые восемь цифр
help-import--list = Вместо этого показать уже полученные инциденты (и откуда они)
help-import--json = С --list: вывести JSON (каждый инцидент со всеми версиями)

help-panic = Уничтожить хранилище немедленно: без парольной фразы и без вопросов. Сначала стирается ключ (за миллисекунды), затем удаляются все файлы хранилища и каталог
help-panic--json = Вывести, что сделано и за какое время, в JSON на stdout
help-wipe = Уничтожить хранилище, сначала показав, что произойдёт, и спросив подтверждение (см. также `panic`)
help-wipe--now = Без вопроса и без обратного отсчёта: то же, что `sandyk panic`
help-wipe--yes = Не спрашивать подтверждения (что произойдёт, всё равно показывается)
help-wipe--countdown = Сколько секунд отсчитывать после подтверждения; Ctrl-C во время отсчёта отменяет
help-wipe--json = Вывести, что сделано и за какое время, в JSON на stdout
help-seal = Запечатать хранилище, чтобы его открывал только ключ юриста; ваши парольные фразы перестанут работать
help-seal--to = Юрист: имя контакта, получатель age (age1…) или открытый ключ SSH (ssh-ed25519 …). Повторите, чтобы запечатать на нескольких; каждый сможет открыть хранилище сам
help-seal--yes = Не спрашивать подтверждения в терминале
help-unseal = Открыть запечатанное хранилище ключом юриста и задать новую парольную фразу
help-unseal--identity = Закрытый ключ юриста: файл ключа age или закрытый ключ OpenSSH. Новая парольная фраза запрашивается (с --passphrase-fd: первая строка; для зашифрованного ключа SSH сначала его парольная фраза, затем новая)
help-unseal--label = Имя новой парольной фразы
help-unseal--kdf_target_ms = Целевое время калибровки в миллисекундах (не учитывается, если параметры формирования ключа заданы вручную)
help-duress = Задать или удалить тревожную парольную фразу, которая незаметно уничтожает или запечатывает хранилище
help-duress-set = Задать тревожную парольную фразу (заменяет прежнюю). С --passphrase-fd: парольная фраза хранилища в первой строке, тревожная — во второй
help-duress-set--action = Что делает ввод тревожной парольной фразы: destroy — уничтожить хранилище (как `sandyk panic`), seal — запечатать его на ключ юриста из --to
help-duress-set--to = Для --action seal: юрист (имя контакта, age1… или ssh-ed25519 …)
help-duress-remove = Удалить тревожную парольную фразу, если она задана

## Attachments in bundles
bundle-report-att-copy = Отправленная копия
bundle-report-att-file = Файл
bundle-report-att-files = Файлы вложений в этом пакете
bundle-report-att-original = оригинал (нетронутое доказательство)
bundle-report-att-sha-original = SHA-256 оригинала (хеш-цепочка)
bundle-report-att-sha-sent = SHA-256 отправленного файла
bundle-report-att-working = рабочая копия (метаданные, выдающие личность, удалены)
bundle-verify-attachment = вложение { $path }: { $copy }, SHA-256 { $sha256 } (оригинал { $original })
err-bundle-no-working-copy = у вложения { $reference } нет рабочей копии без метаданных; его пришлось бы отправить оригиналом, со всеми метаданными
hint-bundle-no-working-copy = выберите для него: --attachment { $reference }=original (уйдёт всё, что показывает `sandyk attachments { $id }`) или --attachment { $reference }=omit (тогда в пакете будет сказано, что оно не отправлено)
help-export--originals = Отправить все вложения нетронутыми оригиналами, со всеми их метаданными (GPS, устройство); то же, что --attachments original

## ---- dates (issue 13, branch f1-dates): the word a date phrase did not understand ----
err-date-unknown-word = не понял слово «{ $word }»
err-date-unknown-word-suggest = не понял слово «{ $word }»; может быть, «{ $suggestion }»?
## ---- end dates (f1-dates) ----
bundle-report-att-not-linked = без ссылки: открывайте этот файл вне отчёта и с осторожностью (он может содержать активное содержимое)
bundle-report-intro-received = Создан sandyk получателя из проверенного incidents.json при открытии пакета (отчёт отправителя сохранён, не открываясь, как sender-report.html.txt). Достоверные данные — incidents.json, хеши которого подписаны в manifest.json.
bundle-verify-untrusted = ЭТОТ ФАЙЛ ПРИШЁЛ ВНУТРИ ПАКЕТА: не доверяйте ни ему, ни остальному содержимому пакета, пока шаг проверки подписи ниже не пройдёт с ключом подписи, который отправитель передал вам лично. Никогда не берите этот ключ из пакета (signer.pub) или из этого файла; если эти шаги когда-либо просят об этом, пакет подделан.

## ---- typed library errors (issue 10, branch p10b) ----
detail = подробности
hint-io = ничего не изменено; проверьте диск и путь и повторите команду
hint-too-long = выберите имя покороче (не больше 64 байт)
hint-kdf = такого не должно происходить; сообщите об ошибке и приложите вывод `sandyk --version`
hint-attach-write = проверьте, что каталог существует и в него можно писать, и повторите команду
hint-bundle-wrong-passphrase = введите парольную фразу, которую дал отправитель (проверьте раскладку клавиатуры и Caps Lock); ничего не записано
hint-bundle-split = экспортируйте меньше инцидентов в одном пакете (фильтры: --since, --until, --category, --tag)
hint-bundle-incident-too-large = не включайте этот инцидент в пакет: его история больше, чем вмещает один пакет
err-bundle-too-many-incidents = в пакете может быть не больше { $max } инцидентов
err-bundle-manifest-too-large = слишком много инцидентов или файлов для одного пакета (манифест превысил бы { $max } МиБ)
err-emergency-encrypt = не удалось зашифровать ключ хранилища для этого получателя
encrypt-recipients = age не может зашифровать для этих получателей вместе
encrypt-worker = внутренний шаг неожиданно прервался
# Ошибки ввода-вывода (текст операционной системы — английский)
io-not-found = нет такого файла или каталога
io-permission-denied = доступ запрещён
io-already-exists = файл уже существует
io-storage-full = диск заполнен
io-read-only = носитель только для чтения
io-unexpected-eof = файл закончился раньше времени
io-invalid-data = данные повреждены
io-invalid-input = недопустимый аргумент
io-interrupted = прервано
io-timed-out = время ожидания истекло
io-is-a-directory = это каталог
io-not-a-directory = часть пути — не каталог
io-file-too-large = файл слишком большой
io-unsupported = не поддерживается этой системой
io-broken-pipe = принимающая сторона закрыла канал
io-out-of-memory = не хватает памяти
io-os-error = системная ошибка { $code }
io-bad-descriptor = дескриптор файла не открыт
io-other = ошибка ввода-вывода
# Получатели и закрытые ключи
recipient-post-quantum = постквантовые получатели age1pq не поддерживаются
recipient-bad-age = это не получатель age (age1…); скопирован ли он целиком?
recipient-rsa-too-large = ключ RSA слишком большой
recipient-rsa-too-small = ключ RSA слишком короткий (меньше 2048 бит)
recipient-ssh-type = ключи SSH типа { $kind } не поддерживаются (нужен ssh-ed25519 или ssh-rsa)
recipient-bad-ssh = это не открытый ключ SSH
recipient-not-a-recipient = нужен получатель age (age1…) или открытый ключ SSH (ssh-ed25519 …, ssh-rsa …)
recipient-line = строка { $line }: { $detail }
recipient-too-many = получателей больше { $max }
recipient-none-listed = в файле получателей нет ни одного получателя
recipient-none-given = не указан получатель
identity-not-text = это не текстовый файл
identity-bad-age-line = одна из строк файла — не закрытый ключ age
identity-unreadable-ssh = закрытый ключ SSH не читается
identity-unsupported-ssh = ключи SSH этого типа не поддерживаются (нужен ed25519 или RSA)
identity-public-key = это открытый ключ (получатель), а нужен закрытый
identity-unrecognized = нужен файл ключа age (AGE-SECRET-KEY-1…) или закрытый ключ OpenSSH
identity-undecryptable = ключ не удалось расшифровать
identity-passphrase-not-utf8 = парольная фраза ключа — не текст UTF-8
identity-no-passphrase = не введена парольная фраза ключа
# Карточки контактов
card-too-large = карточка слишком большая (не больше { $max } байт)
card-not-text = карточка — не текст UTF-8
card-not-a-card = это не карточка контакта sandyk (первая строка должна быть «{ $first }»)
card-version = неизвестная версия карточки (эта версия sandyk читает «{ $first }»)
card-syntax = строка { $line }: нужно «ключ: значение»
card-field = строка { $line }: неизвестное поле или поле не на своём месте
card-name = строка { $line }: недопустимое имя
card-recipient = строка { $line }: неверный получатель: { $detail }
card-signer = строка { $line }: ключ подписи — не открытый ключ SSH Ed25519
card-fingerprint = строка { $line }: отпечаток не совпадает с ключом над ним (ошибка при переписывании?)
card-empty = в карточке нет ни получателя, ни ключа подписи
# Файл ключей и формирование ключа
keyfile-damage-size = неверный размер
keyfile-damage-checksum = не сходится контрольная сумма
keyfile-damage-geometry = неожиданное число или размер слотов ключа
kdf-below-floor = память: { $memory } МиБ, проходов: { $passes }; нужно не меньше { $floor_memory } МиБ, проходов — не меньше { $floor_passes }
kdf-above-ceiling = память: { $memory } МиБ, проходов: { $passes }, потоков: { $lanes } — больше допустимого
kdf-exceeds-ram = нужно { $need } МиБ памяти, больше половины памяти этого компьютера (допустимо { $limit } МиБ)
kdf-failed-params = параметры отклонены
kdf-failed-threads = не удалось запустить потоки
kdf-failed-hash = вычисление не удалось
incomplete-keyfile-missing = нет файла ключей
incomplete-db-missing = нет файла базы данных
incomplete-db-without-keyfile = база данных есть, а её файла ключей нет
incomplete-seal-read-back = запечатанный слот ключа не удалось прочитать обратно; ничего не изменено
incomplete-duress-collision = новая парольная фраза открывает другой слот ключа
# Изображения, структуру которых не удалось прочитать целиком
image-not-this-format = содержимое файла не соответствует его типу
image-cut-short = файл обрезан
image-bad-marker = сегмент JPEG отсутствует или повреждён
image-bad-length = у блока невозможная длина
image-bad-chunk-type = у блока PNG недопустимый тип
image-first-chunk = PNG начинается не с заголовка (IHDR)
image-bad-icc = цветовой профиль (ICC) повреждён
image-checksum = блок PNG не совпадает со своей контрольной суммой
image-unknown-critical-chunk = в PNG есть обязательный блок, неизвестный sandyk
image-too-large = блок больше, чем допускает формат
image-exif-too-large = блок EXIF слишком большой для проверки
image-exif-damaged = блок EXIF частично повреждён
image-exif-unreadable = блок EXIF не читается
image-container-unreadable = структура HEIF или TIFF не читается
image-file-too-large = файл слишком большой для проверки
image-not-plain-text = это не простой текст UTF-8 (управляющие символы, нулевые байты или испорченные символы)
image-structure-damaged = структура внутри файла (тег, блок, объект или страница) повреждена или не закрыта
image-too-complex = файл слишком большой или слишком глубоко вложенный, чтобы безопасно его проверить
image-metadata-too-large = тег метаданных слишком большой для проверки
image-unsupported = этот вариант формата не поддерживается (несколько потоков, неизвестный кодек или версия тега)
image-page-checksum = страница Ogg не совпадает со своей контрольной суммой
image-encrypted = файл зашифрован: его метаданные нельзя удалить без его пароля
image-metadata-compressed = метаданные находятся в сжатой части файла, которую нельзя переписать на месте
image-not-clean = удаление метаданных не дало чистой копии: повторный проход по рабочей копии всё ещё нашёл метаданные, поэтому рабочей копии нет (эта сводка может перечислять не всё, что содержит файл)
image-other = файл прочитан не полностью
# Почему пакет не прошёл проверку
archive-truncated = архив обрезан
archive-no-end-marker = нет метки конца архива
archive-bad-end-marker = метка конца архива повреждена
archive-bad-checksum = не сходится контрольная сумма заголовка
archive-not-ustar = заголовок не в формате ustar
archive-bad-size = поле размера повреждено
json-fault-read = ошибка чтения
json-fault-syntax = это не JSON
json-fault-content = поле отсутствует, неизвестно или не того типа
json-fault-end = текст обрывается
manifest-not-first = manifest.json идёт не первым файлом
manifest-not-utf8 = это не текст UTF-8
manifest-json = строка { $line }: { $detail }
manifest-not-a-manifest = это не манифест пакета sandyk
manifest-version = версия формата { $version } (эта версия sandyk читает версии с 1 по { $supported })
manifest-incident-count = incident_count не совпадает с числом перечисленных инцидентов
manifest-file-count = file_count не совпадает с числом перечисленных файлов
manifest-created = поле «created» — не время в формате RFC 3339
manifest-chain-head = неверное последнее звено цепочки
manifest-vault-id = неверный номер хранилища
manifest-signer-fingerprint = неверный отпечаток ключа подписи
manifest-incident-entry = неверная запись об инциденте
manifest-incident-twice = инцидент указан дважды
manifest-lists-itself = манифест перечисляет сам себя или свою подпись
manifest-file-entry = неверная запись о файле
manifest-foreign-file = указан файл, который sandyk не создаёт
manifest-signer-not-first = signer.pub указан не первым
manifest-attachment-not-a-file = вложения нет среди файлов
manifest-attachment-entry = неверная запись о вложении
manifest-attachment-undescribed = у файла вложения нет описания
manifest-left-out-entry = неверная запись в списке неотправленных вложений
manifest-left-out-too-many = слишком много вложений указано как не отправленные
manifest-attachment-twice = вложение указано дважды
incidents-not-incidents = это не файл инцидентов sandyk (или другая его версия)
incidents-end = текст обрывается
incidents-json = инцидент { $n }: { $detail }
incidents-too-many = слишком много инцидентов
incidents-after-last = после последнего инцидента есть лишнее
incidents-none = нет ни одного инцидента
incidents-trailing = после конца есть данные
incidents-read = ошибка чтения
incidents-fewer = инцидентов меньше, чем перечислено в манифесте
incidents-more = инцидентов больше, чем перечислено в манифесте
incidents-not-listed = инциденты не те, что перечислены в манифесте
incidents-bad-id = неверный номер инцидента
incidents-bad-hash = хеш — не 64 шестнадцатеричные цифры в нижнем регистре
incidents-too-many-attachments = слишком много вложений
chain-no-revisions = у него нет ни одной версии
chain-preimage = версия { $seq }: хешируемые данные не совпадают с её полями
chain-revision-count = число версий не совпадает с манифестом
chain-wrong-head = последняя версия — не та, что указана в манифесте
chain-other-incident = версия { $seq } относится к другому инциденту
chain-out-of-sequence = версия { $seq } стоит не по порядку
chain-no-content = у версии { $seq } нет содержимого
chain-bad-hash = версия { $seq }: хеш не совпадает с содержимым
chain-body-mismatch = версия { $seq }: содержимое не совпадает со своим хешем
chain-gap = не хватает версий между { $after } и { $next }
chain-broken-link = версия { $seq } не связана с предыдущей версией
chain-broken-incident-link = версия { $seq } не связана с предыдущей версией этого инцидента
chain-deleted = инцидент удалён
chain-unreadable = содержимое не читается как инцидент
chain-names-another = в содержимом указан другой инцидент
chain-attachments-differ = файлы вложений в манифесте и в incidents.json различаются
chain-attachment-not-recorded = вложение { $n } в нём не записано
chain-attachment-hash = вложение { $n }: его SHA-256 не тот, что записан в цепочке хешей
chain-left-out-differs = вложение { $n } (не отправлено): это не то вложение, что записано в цепочке хешей
chain-attachment-unaccounted = записанного в нём вложения нет ни в пакете, ни в списке неотправленных
# Почему процесс не смог ограничить себя
sandbox-threads = процесс уже запустил дополнительные потоки (всего: { $count })
sandbox-path = не удаётся открыть { $path } ({ $detail })
sandbox-landlock = ядро отклонило правила Landlock
sandbox-seccomp = ядро отклонило фильтр seccomp
wipe-link-unreachable = { $link } — символьная ссылка, цель которой недоступна: { $detail }
wipe-link-target = { $link } — символьная ссылка на файл ключей { $target }, который не удалось уничтожить: { $detail }
check-cipher = зашифрованная страница не проходит проверку (повреждена или изменена)
check-structure = структура базы данных повреждена
check-revision-unreadable = сохранённую версию не удаётся прочитать
check-stale-head = инцидент { $id }: его текущее состояние — не последняя версия
check-incident-count = таблица инцидентов не сходится с версиями
check-stray-store-files = файлов в хранилище вложений, не принадлежащих ни одному вложению: { $count }
check-attachment-chunk-working = вложение { $reference }: фрагмент { $chunk } рабочей копии не проходит проверку подлинности (изменён или повреждён)
check-attachment-chunk-original = вложение { $reference }: фрагмент { $chunk } оригинала не проходит проверку подлинности (изменён или повреждён)
check-merges-disagree = объединения сущностей не совпадают со своей записью в цепочке хешей
check-entity-summary = сводка сущностей не совпадает с индексом сущностей
check-merges-unreadable = запись об объединениях сущностей не читается
check-orphan-chunks = сохранённые фрагменты вложений без вложения: { $count }
check-attachments-without-incident = вложения { $id }: инцидента нет или он удалён
check-attachment-count = инцидент { $id }: вложений сохранено { $stored }, записано { $recorded }
check-attachment-unrecorded = вложение { $reference }: не записано в инциденте
check-attachment-differs = вложение { $reference }: не совпадает с тем, что записано в инциденте
check-attachment-original = вложение { $reference }: оригинал не читается с его SHA-256
check-attachment-working = вложение { $reference }: рабочая копия не читается с её SHA-256
json-at = строка { $line }, позиция { $column }: { $detail }
json-item = инцидент { $n }
json-unknown-field = инцидент { $n }: «{ $field }» — не поле инцидента
json-bad-value = инцидент { $n }: недопустимое значение поля «{ $field }» (не тот тип или не одно из допустимых значений)
json-duplicate-field = инцидент { $n }: поле «{ $field }» указано дважды (сохранилось бы только одно из двух)
hint-json-duplicate = укажите каждое поле один раз; если нужны оба текста, объедините их
## ---- end typed library errors (p10b) ----

## ---- sandbox (issue 17, branch p17): Landlock and seccomp confinement ----
sandbox-status = песочница: { $status }
sandbox-landlock-full = landlock ABI { $abi }
sandbox-landlock-partial = landlock ABI { $abi } (частично)
sandbox-landlock-off = landlock выключен ({ $reason })
sandbox-seccomp-on = seccomp включён ({ $count ->
    [one] { $count } системный вызов
    [few] { $count } системных вызова
   *[other] { $count } системных вызовов
  })
sandbox-seccomp-off = seccomp выключен ({ $reason })
sandbox-missing = песочница: этих путей не было в момент ограничения процесса, создать там ничего нельзя: { $paths }
warn-sandbox-unconfined = не удалось включить песочницу ({ $reason }); продолжаю без неё
err-sandbox = процесс не смог ограничить себя (Landlock, seccomp): { $reason }
hint-sandbox = такого не должно быть; сообщите об этом и приложите вывод `sandyk --version`
help--verbose = Сообщить в stderr, что песочница (Landlock, seccomp) обеспечивает в этой системе
## ---- end sandbox (p17) ----

## ---- entities (issue 14, branch p14) ----
entities-none = Пока не записано ни людей, ни организаций, ни мест, ни машин.
entity-kind-perpetrator = исполнитель
entity-kind-organisation = организация
entity-kind-vehicle = машина
entity-kind-place = место
entity-kind-victim = пострадавший
entity-kind-witness = свидетель
err-entity-empty = имя пустое
err-entity-not-found = нет человека, организации, места или машины, подходящих под «{ $name }»
err-entity-ambiguous = под «{ $name }» подходит больше одного: { $candidates }
hint-entities = записанные имена показывает `sandyk entities`
hint-entity-ambiguous = введите имя полнее или уточните его с --kind
help-entities = Люди, организации, места и машины во всех инцидентах: сколько раз, когда впервые и в последний раз; `entities show ИМЯ` — инциденты, где они упомянуты
help-entities--kind = Только этого вида
help-entities--json = Вывести JSON
help-entities-show = Инциденты, где упомянуто одно имя, место или номер, по времени
help-entities-show--name = Имя, место или номер машины (без учёта регистра, ё/е, пробелов; номер в любой записи)
help-entities-show--kind = Только этого вида
help-entities-show--json = Вывести JSON
help-list--perpetrator = Только инциденты с этим исполнителем (без учёта регистра, ё/е, пробелов)
help-list--vehicle = Только инциденты с этой машиной или номером (01KG123ABC, 01 123 ABC, кириллица допускается)
help-list--place = Только инциденты в этом месте
help-list--witness = Только инциденты с этим свидетелем
help-search--perpetrator = Только инциденты с этим исполнителем (без учёта регистра, ё/е, пробелов)
help-search--vehicle = Только инциденты с этой машиной или номером (01KG123ABC, 01 123 ABC, кириллица допускается)
help-search--place = Только инциденты в этом месте
help-search--witness = Только инциденты с этим свидетелем
help-export--perpetrator = Только инциденты с этим исполнителем (без учёта регистра, ё/е, пробелов)
help-export--vehicle = Только инциденты с этой машиной или номером (01KG123ABC, 01 123 ABC, кириллица допускается)
help-export--place = Только инциденты в этом месте
help-export--witness = Только инциденты с этим свидетелем
stats-unknown-date = дата неизвестна
help-stats = Инциденты по категориям (или именам) по месяцам (или неделям): полосы в терминале, иначе простая таблица; и что резко участилось за последние недели
help-stats--json = Вывести JSON
err-entity-gone = такого человека, организации, места или машины нет (больше нет)
err-entity-same = это уже одно и то же
err-entity-not-merged = это имя не объединено с другим
err-entity-kinds-differ = «{ $name }» и «{ $into }» записаны как разные виды (человека и место объединить нельзя)
hint-entity-history = действующие объединения показывает `sandyk entities history`
entity-merged = «{ $name }» теперь считается как «{ $into }» (инцидентов: { $count }); отменить: sandyk entities unmerge ИМЯ
entity-unmerged = «{ $name }» снова отдельно (больше не «{ $into }»)
entity-history-none = Объединений не было.
entity-history-merge = объединено ({ $kind }): «{ $name }» → «{ $into }»
entity-history-unmerge = отменено объединение ({ $kind }): «{ $name }» → «{ $into }»
help-entities-merge = Считать одну запись как другую («серая Приора» как номер 01KG123ABC): ревизия в цепочке хешей, отменяется через `entities unmerge`
help-entities-merge--name = Запись, которую объединить (как записана; без учёта регистра, ё/е, пробелов)
help-entities-merge--into = С чем она совпадает (имя, место или номер в любой записи)
help-entities-merge--kind = Вид обоих, если имя записано как разные виды
help-entities-unmerge = Отменить объединение: запись снова считается отдельно
help-entities-unmerge--name = Объединённая запись
help-entities-unmerge--kind = Вид, если запись объединена как разные виды
help-entities-history = Все объединения и отмены, по порядку, с их ревизией в цепочке хешей
help-entities-history--json = Вывести JSON
report-entities = Люди, организации, места и машины
report-entity-kind = Вид
report-entity-name = Имя
report-entity-count = Инцидентов
report-entity-first = Впервые
report-entity-last = В последний раз
report-merges = Записи, которые правозащитник объединил в одну (каждое объединение — ревизия в цепочке хешей):
stats-rising = Резко участились за последние { $recent } нед. (по сравнению с { $before } нед. до того):
stats-rise = { $name }: { $recent } за последние недели, { $before } до того
help-stats--week = Считать по неделям ISO (с понедельника по воскресенье), а не по месяцам
help-stats--entities = Считать по именам (чаще всего упомянутые люди, места, машины…), а не по категориям
help-stats--kind = С --entities: только этого вида
help-stats--top = С --entities: сколько имён (чаще всего упомянутые первыми)
report-title = Отчёт об инцидентах
report-intro = Составлен sandyk из зашифрованного хранилища для самого правозащитника и для юриста. Этот файл НЕ зашифрован: кто может его прочитать, прочитает и эти инциденты.
report-created = Составлен
report-chain = Цепочка хешей хранилища на этот момент
report-statement = Заявление
report-statement-by = Кто
report-statement-at = Когда
report-chronology = Хронология
report-attachments = Вложения
report-chart = Инциденты по категориям и месяцам
report-evidence = Что говорят метаданные вложений
report-photo-taken = снято { $taken } по метаданным файла; инцидент: { $incident }
report-photo-same-day = в тот же день, что и инцидент
report-photo-before = за { $days } дн. до инцидента
report-photo-after = через { $days } дн. после инцидента
report-photo-no-time = в файле нет времени съёмки
report-photo-gps = GPS-координаты в файле: { $position }
report-photo-distance = { $km } км от места инцидента
report-photo-no-place = у инцидента нет координат для сравнения
report-photo-gps-unusable = в файле есть GPS-теги, но нет пригодных координат
report-photo-device = устройство: { $device }
report-photo-not-read = sandyk не читает метаданные этого формата
report-photo-partly = метаданные прочитаны лишь частично ({ $problem })
err-report-exists = { $path } уже существует
hint-report-exists = выберите другое имя через -o или замените файл с --force
err-report-terminal = отчёт в терминал не выводится
hint-report-terminal = запишите его в файл: sandyk report -o report.html
err-report-statement-long = заявление длиннее { $max } байт
err-report-statement-empty = заявление пустое
hint-statement = заявление читается со стандартного ввода как текст UTF-8: sandyk export … --statement < заявление.txt
hint-statement-by = --by — это имя и роль, например "Айгүл Осмонова, свидетель"; само заявление подаётся на стандартный ввод
report-statement-prompt = Введите заявление; в конце нажмите Ctrl-D на отдельной строке.
report-written = Отчёт (инцидентов: { $count }) записан в { $path } ({ $bytes } байт).
report-plaintext-warning = Этот файл НЕ зашифрован: его может прочитать любой, у кого есть доступ к этому компьютеру или диску. Храните его на зашифрованном диске или распечатайте и удалите, когда он больше не нужен (sandyk не может надёжно его стереть).
help-report = Записать отчёт, чтобы читать, печатать или передать юристу: хронология, подсчёты, люди, места и машины, все инциденты, что говорят метаданные вложений, ваше заявление. Один самодостаточный HTML-файл — НЕ зашифрован
help-report--ids = Какие инциденты включить (по умолчанию все или те, что выбраны фильтрами)
help-report--since = Только инциденты, которые могли произойти в эту дату или позже
help-report--until = Только инциденты, которые могли произойти в эту дату или раньше
help-report--category = Только инциденты этой категории
help-report--tag = Только инциденты с этим тегом
help-report--perpetrator = Только инциденты с этим исполнителем (без учёта регистра, ё/е, пробелов)
help-report--vehicle = Только инциденты с этой машиной или номером (01KG123ABC, 01 123 ABC, кириллица допускается)
help-report--place = Только инциденты в этом месте
help-report--witness = Только инциденты с этим свидетелем
help-report--search = Только инциденты с этими словами (полнотекстовый поиск, как `search`)
help-report--statement = Добавить ваше заявление («я вёл эти записи в момент событий…»), читается со стандартного ввода (в терминале: введите, затем Ctrl-D)
help-report--by = Кто делает заявление (ваше имя, как оно должно быть указано)
help-report--force = Заменить файл, если он существует
help-report--output = HTML-файл для записи или `-` для stdout, если это не терминал. Он НЕ зашифрован
err-entity-already-merged = «{ $name }» уже объединено с «{ $into }»
hint-entity-unmerge-first = сначала отмените это: sandyk entities unmerge ИМЯ
## ---- end entities (p14) ----


## ---- пошаговая форма, черновики, категории, поиск (issue 13, ветка p13) ----
form-intro-full = Новый инцидент. Enter — пропустить необязательное поле. Ничего не сохранится, пока вы не ответите «да» в конце; Ctrl-C предложит сохранить черновик.
form-intro-quick = Быстрая запись: заголовок, когда и что произошло. Остальное можно добавить позже командой `sandyk amend`. Ctrl-C предложит сохранить черновик.
form-reask-mark = ↳
form-recap = Проверьте перед сохранением:
form-now = сейчас
form-chars = { $count ->
        [one] { $count } символ
        [few] { $count } символа
       *[other] { $count } символов
    }
form-edit-keys = Enter — оставить
form-edit-keys-clear = Enter — оставить, «-» — очистить
form-title-needed = нужен заголовок: несколько слов, по которым вы потом узнаете запись.
form-prompt-occurred = Когда это случилось? (например, «вчера около 15:00», 2024-03-05 14:30, «не знаю»)
form-when-needed = напишите, когда; если не знаете — «не знаю».
form-prompt-location = Где? (Enter — пропустить)
form-prompt-category = Категория (номер, название или его начало; Enter — «Другое»)
form-number-range = такого номера нет в списке: наберите от 1 до { $max }.
form-category-unknown = «{ $category }» — не категория из списка: наберите её номер или начало названия.
err-category-unknown = неизвестная категория «{ $category }»
err-category-unknown-similar = неизвестная категория «{ $category }»; может быть, { $choices }?
err-category-ambiguous = «{ $category }» подходит к нескольким: { $choices }. Наберите чуть больше.
hint-category-longer = наберите больше букв названия или идентификатор в скобках
hint-category-list = список категорий: `sandyk category list`
form-prompt-tags = Метки через запятую (Enter — пропустить)
form-prompt-perpetrators = Кто это сделал? Несколько — через «;» (Enter — пропустить)
form-prompt-victims = Кто пострадал? Несколько — через «;» (Enter — пропустить)
form-prompt-witnesses = Свидетели? Несколько — через «;» (Enter — пропустить)
form-prompt-source = Источник: кто сообщил? (Enter — пропустить)
form-enter-default = Enter — «{ $choice }»
form-choice-unknown = «{ $answer }» — не из списка: наберите от 1 до { $max } или нажмите Enter.
form-stray-kept = это похоже на рассказ, а не на выбор: текст сохранён как начало рассказа «что произошло». Теперь выберите или нажмите Enter.
form-prompt-narrative = Что произошло? Пишите столько, сколько нужно; в конце — строка, в которой только точка (.), или Ctrl-D.
form-prompt-narrative-append = Продолжайте рассказ; в конце — строка с одной точкой (.) или Ctrl-D.
form-narrative-continues = уже набранный текст сохранён; продолжайте ниже
form-narrative-how = Рассказ: «+» — дописать в конец, «=» — заменить, «-» — очистить, Enter — оставить
form-narrative-keys = «{ $answer }» — не «+», «=», «-» и не Enter.
form-field-perpetrators = Нарушители
form-field-victims = Пострадавшие
form-field-witnesses = Свидетели
form-field-narrative = Что произошло
form-yes-no = да/нет
form-confirm-save = Сохранить этот инцидент?
form-save-keys = да / нет / номер 1–{ $max }, чтобы исправить поле
form-enter-is-not-an-answer = один Enter здесь не ответ: напишите «да» или «нет».
form-n-is-ambiguous = одна «н» или одна «y» — это одна и та же клавиша в разных раскладках: «да» или «нет»? Напишите «да» или «нет» полностью.
form-yes-no-unclear = «{ $answer }» — ни «да», ни «нет»: напишите «да» или «нет».
form-nothing-typed = Ничего не набрано; сохранять нечего.
form-keep-draft = Сохранить набранное как черновик внутри хранилища (зашифрованно), чтобы закончить потом командой `sandyk add`?
form-draft-kept = Черновик сохранён в хранилище. `sandyk add` предложит его продолжить.
form-draft-discarded = Набранное удалено.
form-draft-found = { $count ->
        [one] Есть черновик
        [few] Есть { $count } черновика
       *[other] Есть { $count } черновиков
    }; последний сохранён { $when }: «{ $title }».
form-resume-draft = Продолжить этот черновик?
form-draft-stays = Черновик остаётся в хранилище; начинаем новый инцидент.
form-not-saved = Инцидент не сохранён.
form-quick-later = Подробности можно добавить позже: `sandyk amend { $id }`.
form-amend-intro = Выберите поле для изменения по номеру; когда закончите, ответьте «да», чтобы сохранить.
form-amend-which = Какое поле изменить?
help-add--quick = Быстрая запись: только заголовок, когда и что произошло (остальное можно добавить позже командой `sandyk amend`)
form-stopped = прервано; инцидент не сохранён (что стало с черновиком — см. выше)
form-intro-resume = Продолжаем черновик: поля, на которые ещё нет ответа, затем проверка перед сохранением.
history-attachment-added = добавлено вложение
history-field-attachments = вложения
show-attachments = Вложения ({ $count }):
show-attachments-hint = (подробности и что раскрывают их метаданные: `sandyk attachments { $id }`)
size-bytes = { $count ->
        [one] { $count } байт
        [few] { $count } байта
       *[other] { $count } байтов
    }
size-kib = КиБ
size-mib = МиБ
size-gib = ГиБ
passphrase-try-again = Неверная парольная фраза. { $left ->
        [one] Осталась { $left } попытка.
        [few] Осталось { $left } попытки.
       *[other] Осталось { $left } попыток.
    }
passphrase-mismatch-again = Фразы не совпадают; повторите подтверждение (осталось попыток: { $left }).
delete-declined = Не удалено; ничего не изменено.
attachment-summary = { $reference }: { $name } ({ $size }, { $media_type })
confirm-delete-attachment = Удалить это вложение? Его оригинал и рабочая копия будут уничтожены; инцидент останется, а в его истории будет записано удаление.
attachment-deleted = Вложение { $reference } ({ $name }) удалено.
history-attachment-deleted = удалено вложение
keygen-fingerprint = Отпечаток: { $fingerprint } (сравните его с тем, что покажет `sandyk contact add` у отправителя)
quoted = «{ $text }»
## ---- конец формы (p13) ----
err-contact-card-qr = карточка слишком длинная для QR-кода
hint-contact-card-qr = уберите --qr и передайте карточку файлом
yes-no-words = да/Нет
confirm-whole-word = напишите слово целиком: «да» (или «нет»).
form-kept-after-refusal = всё набранное сохранено как черновик в хранилище: запустите `sandyk add`, продолжите его, исправьте поле и сохраните
form-draft-not-removed = инцидент сохранён, но его черновик удалить не удалось: откажитесь от него при следующем `sandyk add`
## ---- p13c: списки слов для парольных фраз, виды получателей ----
generated-entropy = { $words } слов, выбранных наугад из списка в { $size } слов: { $bits } бита энтропии. Каждое слово узнаётся по первым четырём буквам.
generated-mismatch-again = это не та фраза, что показана выше; наберите её ещё раз (она всё ещё на экране)
hint-generated-mismatch = запустите команду ещё раз: будет создана новая фраза
recipient-kind-age = ключ age
recipient-kind-ssh-ed25519 = ключ SSH (Ed25519)
recipient-kind-ssh-rsa = ключ SSH (RSA)
recipient-kind-passphrase = парольная фраза
recipient-kind-unknown = неизвестный вид
contact-list-signer = ключ подписи { $fingerprint }
emergency-empty-dir-removed = Файлов хранилища в { $path } не осталось, только пустой каталог (так бывает после прерванного panic); он удалён. Если хранилище в другом месте: sandyk panic --vault КАТАЛОГ

# Экспорт: как уходит каждое вложение (issue 13)
err-export-attachment-choice = «{ $value }» — неверный выбор для вложения (нужно ID/N=working, ID/N=original или ID/N=omit)
hint-export-attachment-choice = например: --attachment 7KQ2MX/1=omit --attachments working
err-export-attachment-unknown = { $reference } — не вложение экспортируемых инцидентов
hint-export-attachment-unknown = список вложений: sandyk attachments ID
export-att-intro = { $count ->
    [one] С этим экспортом уходит { $count } вложение. Выберите, как его отправить:
    [few] С этим экспортом уходят { $count } вложения. Выберите для каждого, как его отправить:
   *[other] С этим экспортом уходят { $count } вложений. Выберите для каждого, как его отправить:
}
export-att-ask = 1 рабочая копия (без метаданных) · 2 оригинал (со всеми метаданными) · 3 не отправлять [1]:
export-att-ask-no-working = Копию этого файла без метаданных сделать нельзя. 2 оригинал (со всеми метаданными) · 3 не отправлять:
export-att-no-working-reason = У этого файла нет рабочей копии: введите 2, чтобы отправить оригинал со всеми метаданными, или 3, чтобы не отправлять его.
export-att-unclear = Введите 1, 2 или 3.
bundle-left-out-written = { $count ->
    [one] { $count } вложение не отправлено; в пакете об этом сказано.
    [few] { $count } вложения не отправлены; в пакете об этом сказано.
   *[other] { $count } вложений не отправлено; в пакете об этом сказано.
}
bundle-verify-left-out = { $count ->
    [one] Отправитель не приложил { $count } вложение:
    [few] Отправитель не приложил { $count } вложения:
   *[other] Отправитель не приложил { $count } вложений:
}
bundle-verify-attachment-name = имя: { $name }
bundle-verify-copy-working = рабочая копия
bundle-verify-copy-original = оригинал
bundle-report-left-out = { $count ->
    [one] Отправитель не приложил { $count } вложение
    [few] Отправитель не приложил { $count } вложения
   *[other] Отправитель не приложил { $count } вложений
}
bundle-verify-txt-left-out = { $count ->
    [one] Отправитель не приложил { $count } вложение этих инцидентов. В manifest.json оно указано в left_out вместе с SHA-256 оригинала, так что можно запросить именно этот файл.
    [few] Отправитель не приложил { $count } вложения этих инцидентов. В manifest.json они указаны в left_out вместе с SHA-256 каждого оригинала, так что можно запросить именно эти файлы.
   *[other] Отправитель не приложил { $count } вложений этих инцидентов. В manifest.json они указаны в left_out вместе с SHA-256 каждого оригинала, так что можно запросить именно эти файлы.
}
help-export--attachment = Как отправить одно вложение: ID/N=working (рабочая копия без метаданных), ID/N=original (нетронутый оригинал со всеми метаданными: GPS, устройство, время) или ID/N=omit (не отправлять; в пакете будет сказано об этом). ID=… задаёт выбор для всех вложений инцидента. Можно повторять. В терминале о вложениях без выбора спрашивают по одному
help-export--attachments = Как отправить вложения без своего --attachment: working, original или omit. Без этого уходит рабочая копия; если её нет, экспорт не выполняется, пока не сделан выбор (в терминале об этом спросят)
attach-working-none-older = рабочей копии нет: этот файл { $media_type } прикреплён старой версией sandyk, которая не умела его очищать; для извлечения и экспорта оригинал нужно выбрать явно (или прикрепите файл заново, чтобы получить копию)

## ---- removed blocks of a working copy (attachments): genitive, after «без» ----
block-exif-orientation-kept = EXIF (с сохранённой ориентацией)
block-exif-xmp-flags = флагов EXIF/XMP
block-jfif-thumbnail = миниатюры JFIF
block-mpf-index = индекса MPF
block-xmp-metadata = метаданных XMP
block-comment-tags = тегов комментариев
block-comment = комментария
block-creation-times = времени создания
block-data-after-image = данных после конца изображения
block-data-after-stream = данных после конца потока
block-document-information = сведений о документе
block-extra-comment-data = лишних данных комментария
block-modification-time = времени изменения
block-other-app = прочих блоков APP
block-other-chunks = прочих блоков
block-text = текста
block-udta = udta (данных пользователя)
block-meta = meta (тегов)
block-uuid = uuid (XMP, данных производителя)
block-id3v2 = тега ID3v2
block-id3v1 = тега ID3v1
block-ape = тега APE
report-evidence-sent-working = в этом пакете: рабочая копия (идентифицирующие метаданные удалены); ниже — то, что показал оригинал при добавлении в хранилище
report-evidence-sent-original = в этом пакете: оригинал со всеми метаданными
report-evidence-sent-left-out = не в этом пакете (отправитель его не включил); ниже — то, что показал оригинал при добавлении в хранилище
report-photo-gps-withheld = в оригинале есть GPS-координаты (не показаны: оригинала нет в этом пакете)
bundle-verify-statement = Заявление: { $by }, сделано { $at } (подписано вместе с пакетом; слова отправителя):
err-export-statement-by-long = имя после --by длиннее { $max } байт
manifest-statement = заявление недействительно (или указано в версии формата ниже 3)
help-export--statement = Включить ваше заявление («я вёл эти записи в момент событий…») в подписанный пакет; читается со стандартного ввода (в терминале: введите, затем Ctrl-D). Показывается вверху report.html, в `bundle verify` и `import`
help-export--by = Кто делает заявление (ваше имя, как оно должно быть указано)
bundle-verify-txt-statement = Отправитель приложил заявление (кто вёл эти записи, когда, и его слова): это поле "statement" в manifest.json (с jq: jq -r .statement.text manifest.json); его покрывает подпись, проверенная на шаге 4, и оно показано в начале report.html. Как и всё в пакете, это слова отправителя.
