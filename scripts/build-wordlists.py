#!/usr/bin/env python3
"""Rebuild the Russian and Kyrgyz passphrase word lists (src/cli/wordlists/{ru,ky}.txt).

Sources (Debian packages; see src/cli/wordlists/README.md for the licences):
  tesseract-ocr-rus, tesseract-ocr-kir (tessdata_fast 4.1.0, Apache-2.0): the word lists
  inside the trained data; hunspell-ru (7.5.0, Lebedev's dictionary, BSD-style): which
  Russian words are dictionary entries that inflect.

  T=$(ls -d /usr/share/tesseract-ocr/*/tessdata)
  for l in rus kir; do combine_tessdata -u $T/$l.traineddata $l.
    dawg2wordlist $l.lstm-unicharset $l.lstm-word-dawg $l.words; done
  cp src/cli/wordlists/blocklist.txt block.txt
  python3 build-wordlists.py ru 4096 > ru.txt; python3 build-wordlists.py ky 2048 > ky.txt

Rules: lower case only; 4-7 letters; only а-я without ё and ъ (and for Kyrgyz without
ң, ө, ү: typeable on a Russian layout; a word whose spelling with ө/ү/ң also occurs is
dropped as a likely misspelling); no word starting with й, ы, ь; distinct first four
letters; ranked by how many inflected forms of the word occur (a stand-in for frequency:
Russian by prefix count, Kyrgyz by how many case/plural/possessive suffix groups attach);
Russian words must be inflecting hunspell-ru entries; Kyrgyz words must not occur in the
Russian list and must look Kyrgyz (no loan-only letters в ф ц щ ь я ю х, no two different
vowels side by side, front/back vowel harmony, no initial г л р е or two consonants, Kyrgyz
consonant assimilation in -лар/-лык, no Kazakh verbal noun in single -у); the blocklist
removes offensive or alarming words and the Kazakh/Tatar forms that still got through.
"""
import sys, bisect, re
lang, n = sys.argv[1], int(sys.argv[2])
A = set('абвгдежзийклмнопрстуфхцчшщыьэюя')
BAD = set(open('block.txt').read().split()) if __import__('os').path.exists('block.txt') else set()
rus = sorted(set(w.strip() for w in open('rus.words', encoding='utf-8') if w.strip()==w.strip().lower()))
if lang == 'ru':
    hs = set(l.split('/')[0].strip() for l in open('/usr/share/hunspell/ru_RU.dic', encoding='utf-8') if '/' in l)
    L = rus
    def score(w):
        i = bisect.bisect_left(L, w); j = bisect.bisect_left(L, w + '\uffff'); return j - i - 1
    cand = [w for w in L if w in hs]
else:
    L = sorted(set(w.strip() for w in open('kir.words', encoding='utf-8') if w.strip()==w.strip().lower()))
    S = set(L); R = set(rus)
    sufs = []
    for grp in ['лар лер лор лөр дар дер дор дөр тар тер тор төр', 'га ге го гө ка ке ко кө',
                'да де до дө та те то тө', 'дан ден дон дөн тан тен тон төн',
                'ны ни ну нү ды ди ду дү ты ти ту тү', 'нын нин нун нүн дын дин дун дүн тын тин тун түн',
                'ым им ум үм м', 'ын ин ун үн н', 'бы би бу бү', 'чы чи чу чү']:
        sufs.append(grp.split())
    def score(w):
        return sum(1 for g in sufs if any(w + s in S for s in g))
    import itertools
    def special_variant(w):
        # a spelling of w with ө/ү/ң in place of о/у/н exists: w is likely a misspelling
        idx = [i for i,c in enumerate(w) if c in 'оун']
        for k in range(1, min(len(idx),3)+1):
            for comb in itertools.combinations(idx, k):
                v = list(w)
                for i in comb: v[i] = {'о':'ө','у':'ү','н':'ң'}[v[i]]
                if ''.join(v) in S: return True
        return False
    BACK, FRONT, VOW = set('аоуы'), set('еиэ'), set('аоуыеиэяюё')
    def kyrgyz_shape(w):
        # letters of loanwords only (в ф ц щ ь я ю), two different vowels side by side
        # (Kazakh/Tatar "ауыз", "алыу"; Kyrgyz has long vowels aa, оо, уу, ээ), front and back
        # vowels mixed (vowel harmony), a final single у after a consonant where the Kyrgyz
        # long -уу form also occurs (Kazakh verbal nouns "алу" for Kyrgyz "алуу")
        if set(w) & set('вфцщьяюх'): return False
        # no native Kyrgyz word starts with г, л, р or е (written э), nor with two consonants;
        # дж is Kazakh/Russian spelling of ж
        if len(w) < 2 or w[0] in 'глре' or (w[0] not in VOW and w[1] not in VOW) or 'дж' in w: return False
        for a, b in zip(w, w[1:]):
            if a in VOW and b in VOW and a != b: return False
        vs = set(w) & (BACK | FRONT)
        if vs & BACK and vs & FRONT: return False
        if len(w) >= 2 and w[-1] == 'у' and w[-2] not in VOW and (w + 'у') in S: return False
        # Kyrgyz consonant assimilation: after л, м, н, з the plural and -лык are -дар, -дык;
        # after a voiceless consonant -тар, -тык ("ашлар", "алымнар", "ачлык" are not Kyrgyz)
        if re.search(r'[лмнз](лар|лер|лор|нар|нер|лык|лик|лук)$', w): return False
        if re.search(r'[шктпсч](лар|лер|лор|лык|лик|лук)$', w): return False
        # a long word ending in a consonant and a single у: a Kazakh verbal noun ("орнату")
        if len(w) >= 6 and w[-1] == 'у' and w[-2] not in VOW: return False
        return True
    cand = [w for w in L if w not in R and set(w) <= A and not special_variant(w) and kyrgyz_shape(w)]
cand = [w for w in cand if 4 <= len(w) <= 7 and set(w) <= A and w[0] not in 'йыь' and w not in BAD]
sc = sorted(((score(w), w) for w in cand), key=lambda t: (-t[0], t[1]))
chosen, pref = [], set()
for f, w in sc:
    if w[:4] in pref: continue
    pref.add(w[:4]); chosen.append((f, w))
    if len(chosen) == n: break
print(len(cand), len(chosen), chosen[-1], file=sys.stderr)
for f, w in sorted(chosen, key=lambda t: t[1]): print(w)
