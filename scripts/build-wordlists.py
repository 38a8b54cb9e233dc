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
Russian list; the blocklist removes offensive or alarming words and non-Kyrgyz Turkic forms.
"""
import sys, bisect
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
    cand = [w for w in L if w not in R and set(w) <= A and not special_variant(w)]
cand = [w for w in cand if 4 <= len(w) <= 7 and set(w) <= A and w[0] not in 'йыь' and w not in BAD]
sc = sorted(((score(w), w) for w in cand), key=lambda t: (-t[0], t[1]))
chosen, pref = [], set()
for f, w in sc:
    if w[:4] in pref: continue
    pref.add(w[:4]); chosen.append((f, w))
    if len(chosen) == n: break
print(len(cand), len(chosen), chosen[-1], file=sys.stderr)
for f, w in sorted(chosen, key=lambda t: t[1]): print(w)
