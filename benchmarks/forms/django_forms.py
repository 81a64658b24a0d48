# Django's side of `npm run bench -- forms`: validates and renders (as_p) the same
# 12-field form with the same data, and prints the median ops/s of its rounds as JSON.
# Run by index.js with Debian's python3-django (/usr/bin/python3).
import json
import os
import sys
import time

import django
from django.conf import settings

settings.configure(USE_I18N=False, USE_L10N=False, USE_TZ=True, TIME_ZONE='UTC',
                   TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates'}])
django.setup()
from django import forms  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, 'data.json')) as f:
    spec = json.load(f)


class Signup(forms.Form):
    name = forms.CharField(max_length=50)
    email = forms.EmailField()
    website = forms.URLField(required=False)
    slug = forms.SlugField()
    age = forms.IntegerField(min_value=0, max_value=150)
    price = forms.DecimalField(max_digits=8, decimal_places=2)
    rating = forms.FloatField(min_value=0, max_value=5)
    agree = forms.BooleanField()
    color = forms.ChoiceField(choices=spec['colors'])
    tags = forms.MultipleChoiceField(choices=spec['tags'])
    birthday = forms.DateField()
    bio = forms.CharField(widget=forms.Textarea, required=False)


from django.http import QueryDict  # noqa: E402

data = QueryDict(mutable=True)
for key, value in spec['data'].items():
    if isinstance(value, list):
        data.setlist(key, value)
    else:
        data[key] = value


def once():
    form = Signup(data)
    form.is_valid()
    return form.as_p()


html = once()
assert 'errorlist' in html
rounds = int(os.environ.get('BENCH_ROUNDS', '7'))
round_ms = float(os.environ.get('BENCH_ROUND_MS', '400'))
for _ in range(50):
    once()
rates = []
for _ in range(rounds):
    n = 0
    start = time.perf_counter()
    now = start
    while (now - start) * 1000 < round_ms:
        for _ in range(10):
            once()
        n += 10
        now = time.perf_counter()
    rates.append(n / (now - start))
rates.sort()
json.dump({'django': django.get_version(), 'python': sys.version.split()[0], 'opsPerSecond': rates[len(rates) // 2], 'bytes': len(html)}, sys.stdout)
