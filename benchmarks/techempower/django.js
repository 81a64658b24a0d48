// The Django peer: Debian's python3-django under gunicorn (sync workers), its app
// written into a temporary folder at run time: settings, World and Fortune mapped to
// the benchmark's tables (managed = False), the six views, the fortunes template.
// No middleware, as TechEmpower's Django app; one persistent connection per process.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const PYTHON = '/usr/bin/python3'; // Debian's, where python3-django is installed
const GUNICORN = '/usr/bin/gunicorn';

function haveDjango() {
  return fs.existsSync(GUNICORN) && spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;
}

/** Installs Django, gunicorn and psycopg2 from Debian when missing (as root); true when they are there. */
function ensureDjango() {
  if (haveDjango()) return true;
  if (process.getuid && process.getuid() === 0) {
    process.stdout.write('installing python3-django, gunicorn, python3-psycopg2 (apt-get)...\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'python3-django', 'gunicorn', 'python3-psycopg2'], { stdio: 'ignore', env });
  }
  return haveDjango();
}

const SETTINGS = (db) => `SECRET_KEY = 'bench-only-key'
DEBUG = False
ALLOWED_HOSTS = ['*']
INSTALLED_APPS = ['world']
MIDDLEWARE = []
ROOT_URLCONF = 'urls'
USE_TZ = True
DATABASES = {'default': {
    'ENGINE': 'django.db.backends.postgresql',
    'NAME': ${JSON.stringify(db.name)}, 'USER': ${JSON.stringify(db.user)}, 'HOST': ${JSON.stringify(db.host)}, 'PORT': ${JSON.stringify(db.port)},
    'CONN_MAX_AGE': None,
}}
TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': True}]
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
`;

const MODELS = `from django.db import models


class World(models.Model):
    randomnumber = models.IntegerField()

    class Meta:
        managed = False
        db_table = 'world'


class Fortune(models.Model):
    message = models.CharField(max_length=2048)

    class Meta:
        managed = False
        db_table = 'fortune'
`;

const VIEWS = `from operator import attrgetter
from random import randint

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from .models import Fortune, World


def query_count(request):
    try:
        n = int(request.GET.get('queries', 1))
    except ValueError:
        return 1
    return 1 if n < 1 else min(n, 500)


def json(request):
    return JsonResponse({'message': 'Hello, World!'})


def plaintext(request):
    return HttpResponse(b'Hello, World!', content_type='text/plain')


def db(request):
    world = World.objects.get(id=randint(1, 10000))
    return JsonResponse({'id': world.id, 'randomNumber': world.randomnumber})


def queries(request):
    worlds = [World.objects.get(id=randint(1, 10000)) for _ in range(query_count(request))]
    return JsonResponse([{'id': w.id, 'randomNumber': w.randomnumber} for w in worlds], safe=False)


def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message='Additional fortune added at request time.'))
    rows.sort(key=attrgetter('message'))
    return render(request, 'fortunes.html', {'fortunes': rows})


def updates(request):
    worlds = [World.objects.get(id=randint(1, 10000)) for _ in range(query_count(request))]
    for world in worlds:
        world.randomnumber = randint(1, 10000)
    World.objects.bulk_update(sorted(worlds, key=attrgetter('id')), ['randomnumber'])
    return JsonResponse([{'id': w.id, 'randomNumber': w.randomnumber} for w in worlds], safe=False)
`;

const URLS = `from django.urls import path

from world import views

urlpatterns = [
    path('json', views.json),
    path('plaintext', views.plaintext),
    path('db', views.db),
    path('queries', views.queries),
    path('fortunes', views.fortunes),
    path('updates', views.updates),
]
`;

/** Writes the Django project into `dir` for the database at `url`; returns the gunicorn command line for a port. */
function createDjangoProject(dir, url, processes) {
  const u = new URL(url);
  const db = { name: u.pathname.slice(1), user: decodeURIComponent(u.username) || 'postgres', host: u.hostname, port: u.port || '5432' };
  fs.mkdirSync(path.join(dir, 'world', 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.py'), SETTINGS(db));
  fs.writeFileSync(path.join(dir, 'urls.py'), URLS);
  fs.writeFileSync(path.join(dir, 'wsgi.py'), "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n");
  fs.writeFileSync(path.join(dir, 'world', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, 'world', 'models.py'), MODELS);
  fs.writeFileSync(path.join(dir, 'world', 'views.py'), VIEWS);
  // The same markup as the other two; Django's autoescape is on.
  fs.writeFileSync(
    path.join(dir, 'world', 'templates', 'fortunes.html'),
    '<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>' +
      '{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>{% endfor %}' +
      '</table></body></html>\n',
  );
  return (port) => [GUNICORN, ['--chdir', dir, '--workers', String(processes), '--worker-class', 'sync', '--bind', `127.0.0.1:${port}`, '--log-level', 'warning', 'wsgi:application']];
}

module.exports = { ensureDjango, createDjangoProject, PYTHON };
