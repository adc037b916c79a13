#!/usr/bin/env python3
# Rewrites the table of docs/rules.md from core/rules.json (the rules are data; the doc shows them).
# The "source" column keeps what the doc already says for a rule (it may say more than rules.json).
import json, os, re, sys
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rules = json.load(open(os.path.join(root, 'core', 'rules.json')))
doc_path = os.path.join(root, 'docs', 'rules.md')
doc = open(doc_path).read().split('\n')
start = next(i for i, l in enumerate(doc) if l.startswith('| id | severity |'))
end = start + 2
while end < len(doc) and doc[end].startswith('| `'):
    end += 1
old = {}
for l in doc[start + 2:end]:
    m = re.match(r'^\| `([a-z0-9-]+)` \|.*\| ([^|]*) \|$', l)
    if m:
        old[m.group(1)] = m.group(2)
esc = lambda s: s.replace('|', '\\|')
rows = ['| `%s` | %s | %s | %s | %s | %s |' % (r['id'], r['severity'], esc(r['title']), esc(r['message']), esc(r['fix']),
                                            old.get(r['id'], esc(r['source']))) for r in rules]
doc[start + 2:end] = rows
open(doc_path, 'w').write('\n'.join(doc))
print('docs/rules.md: %d rules' % len(rules), file=sys.stderr)
