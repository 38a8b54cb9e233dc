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
err-mismatch = файл ключей и база данных — от разных хранилищ
err-db-damaged = база данных повреждена или не относится к этому файлу ключей
err-not-sqlcipher = в этой сборке sandyk нет библиотеки шифрования (SQLCipher); работа невозможна
err-no-incident = нет инцидента с номером { $id }
hint-list = номера инцидентов: sandyk list
err-deleted = инцидент { $id } удалён
hint-history = его история сохранилась: sandyk history { $id }
err-invalid-input = неверные данные: { $detail }
err-busy = хранилище занято (в него пишет другой процесс sandyk)
hint-retry = повторите через несколько секунд
err-read-only = запись невозможна: хранилище на носителе только для чтения или нет прав на запись { $detail }
err-disk-full = диск заполнен
hint-nothing-changed = ничего не изменено; хранилище в прежнем состоянии
err-io = ошибка ввода-вывода: { $detail }
err-db = ошибка базы данных ({ $detail })
err-no-slot = нет парольной фразы или ключа с именем «{ $label }»
hint-passphrase-list = список имён: sandyk passphrase list
err-last-slot = нельзя удалить последнюю парольную фразу: хранилище больше никогда не откроется
err-sealed = хранилище запечатано: открыть его может только юрист своим ключом
hint-unseal = юрист может восстановить парольную фразу: sandyk unseal --identity KEYFILE
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
hint-date = например: 2024-03-05, "2024-03-05 14:30", вчера, "2 дня назад"
err-empty-query = пустой поисковый запрос
err-change-with-recovery = вы открыли хранилище ключом восстановления; его нельзя сменить на парольную фразу
hint-passphrase-add = вместо этого добавьте новую парольную фразу: sandyk passphrase add --label NAME
err-label-taken = имя «{ $label }» уже занято
err-category-id = идентификатор категории — от 1 до 64 букв, цифр или знаков подчёркивания
err-category-builtin = «{ $category }» уже есть среди встроенных категорий

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
calibrating = Измеряю скорость этого компьютера, чтобы настроить сложность формирования ключа…
vault-created = Хранилище создано: { $path } (Argon2id: { $memory } МиБ, проходов: { $passes }, потоков: { $lanes }; разблокировка заняла { $seconds } с).
hint-after-init = Дальше: запишите инцидент командой `sandyk add`; на случай, если забудете парольную фразу, создайте ключ восстановления: `sandyk recovery-key`.
form-intro = Новый инцидент. Чтобы оставить поле пустым, нажмите Enter. Ничего не сохранится, пока вы не подтвердите.
prompt-title = Заголовок (несколько слов)
prompt-occurred = Когда это случилось? (например, "вчера около 15:00", 2024-03-05 14:30)
confirm-date = Понято так: { $when }. Верно?
date-not-understood = Не удалось понять ({ $reason }). Попробуйте ещё раз, например: 2024-03-05, "вчера в 15:00", "2 дня назад", не знаю.
prompt-location = Где?
prompt-category = Категория (число или идентификатор)
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
salt-kept = Другие парольные фразы используют ту же соль файла ключей, поэтому соль и сложность оставлены прежними; эти фразы по-прежнему работают.
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
category-home_visit = Визит домой
category-other = Другое

## Dates: why a date was refused
err-date-empty = дата не указана
err-date-not-understood = не удалось понять
err-date-future = эта дата ещё не наступила
err-date-invalid-year = год { $year } вне допустимых пределов
err-date-invalid-too-far = слишком давно
err-date-invalid-weekday-today = этот день недели — сегодня; напишите "сегодня" или "в прошлый …"
err-date-invalid-no-such-date = такой даты нет: { $date }
err-date-invalid-no-such-month = такого месяца нет
err-date-invalid-no-such-day = такого дня нет: { $day }
err-date-invalid-no-such-time = такого времени нет: { $time }
err-date-invalid-clock-change = этого времени не было: в ту ночь переводили часы
err-date-invalid-part-of-day = время не подходит к части дня
err-date-invalid-ambiguous-hour = неясно, какой это час; напишите время по 24 часам (15:00) или добавьте "утра" или "вечера"
err-date-invalid-midnight = полночь этого дня можно понять двояко; напишите 00:00 или 23:59
err-date-invalid-offset = неверное смещение от UTC
err-date-invalid-range = период заканчивается раньше, чем начинается
err-date-invalid-unknown-span = здесь нельзя использовать неизвестную дату: укажите дату
err-date-invalid-not-rfc3339 = начало и конец должны быть временем в формате RFC 3339
err-date-invalid-start-after-end = начало позже конца

## Help: --help and the man page (English comes from the doc comments in src/cli/)
help = sandyk — офлайн-хранилище зашифрованных записей об инцидентах для правозащитников.

    Инциденты хранятся в одном зашифрованном файле под парольной фразой. Ничего читаемого на диск не записывается. Коды выхода: 0 — успех, 1 — сбой, 2 — ошибка в команде, 3 — неверная парольная фраза, 4 — хранилище повреждено, 5 — не найдено, 6 — пакет не прошёл проверку, 130 — прервано.
help--vault = Каталог хранилища [по умолчанию: $XDG_DATA_HOME/sandyk или ~/.local/share/sandyk]
help--passphrase_fd = Читать парольные фразы из этого дескриптора файла (по одной в строке), а не из терминала
help--lang = Язык сообщений и отчётов [по умолчанию: из LC_ALL, LC_MESSAGES или LANG]
help-heading-usage = Использование
help-heading-options = Параметры
help-heading-arguments = Аргументы
help-heading-commands = Команды
help-flag-help = Показать справку
help-flag-version = Показать версию

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
