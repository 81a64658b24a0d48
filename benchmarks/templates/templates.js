'use strict';
// The benchmark templates, written once in Jinja2 syntax (hyper and nunjucks share
// it) and once for eta, rendering the same HTML.

const fortunes = `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>
{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>
{% endfor %}</table></body></html>`;

const jinja = {
  'fortunes.html': fortunes,
  'base.html': `<!DOCTYPE html><html><head><title>{% block title %}Site{% endblock %}</title></head>
<body><header>{% include "nav.html" %}</header>
<main>{% block content %}{% endblock %}</main>
<footer>{% block footer %}&copy; {{ year }}{% endblock %}</footer></body></html>`,
  'nav.html': `<nav>{% for link in links %}<a href="{{ link.url }}"{% if link.active %} class="active"{% endif %}>{{ link.title|title }}</a>{% endfor %}</nav>`,
  'post.html': `<article class="{{ 'odd' if post.id is odd else 'even' }}"><h2>{{ post.title|title }}</h2><p>{{ post.body|truncate(60) }}</p><span>{{ post.author.name|default("anonymous") }}</span>{% if post.tags %}<ul>{% for t in post.tags %}<li>{{ t|lower }}</li>{% endfor %}</ul>{% endif %}</article>`,
  'page.html': `{% extends "base.html" %}
{% block title %}{{ page_title|upper }} | {{ super() }}{% endblock %}
{% block content %}<h1>{{ page_title }}</h1>
{% for post in posts %}{% include "post.html" %}{% else %}<p>No posts</p>{% endfor %}
<p>{{ posts|length }} posts, tags: {{ tags|join(", ") }}</p>{% endblock %}`,
};

const eta = {
  '@fortunes': `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>
<% for (const f of it.fortunes) { %><tr><td><%= f.id %></td><td><%= f.message %></td></tr>
<% } %></table></body></html>`,
  '@base': `<!DOCTYPE html><html><head><title><%= it.title %></title></head>
<body><header><%~ include('@nav', it) %></header>
<main><%~ it.body %></main>
<footer>&copy; <%= it.year %></footer></body></html>`,
  '@nav': `<nav><% for (const link of it.links) { %><a href="<%= link.url %>"<% if (link.active) { %> class="active"<% } %>><%= it.h.title(link.title) %></a><% } %></nav>`,
  '@post': `<article class="<%= it.post.id % 2 ? 'odd' : 'even' %>"><h2><%= it.h.title(it.post.title) %></h2><p><%= it.h.truncate(it.post.body, 60) %></p><span><%= (it.post.author && it.post.author.name) || 'anonymous' %></span><% if (it.post.tags.length) { %><ul><% for (const t of it.post.tags) { %><li><%= t.toLowerCase() %></li><% } %></ul><% } %></article>`,
  '@page': `<% layout('@base', { title: it.page_title.toUpperCase() + ' | Site' }) %><h1><%= it.page_title %></h1>
<% if (it.posts.length) { for (const post of it.posts) { %><%~ include('@post', { post, h: it.h }) %><% } } else { %><p>No posts</p><% } %>
<p><%= it.posts.length %> posts, tags: <%= it.tags.join(', ') %></p>`,
};

const { FORTUNES: MESSAGES } = require('../support/fortunes');

// Escape-heavy text: every message holds several of < > & " ' (code, markup or
// quotes pasted into a comment, say), so escaping does most of the work.
const HEAVY_MESSAGES = [
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  `if (a < b && b > c) { return "ok" & 'fine'; }`,
  `<b>"Tom" & 'Jerry'</b> <i>&lt;not an entity&gt;</i>`,
  `x => x < 10 && x > 0 ? "small" : 'big'`,
  `<a href="/?q=1&r=2" title='link'>AT&T</a>`,
  `"Quotes" & 'apostrophes' <everywhere> & more`,
  `<<<>>> &&& """ '''`,
  `SELECT * FROM t WHERE a <> 'b' AND c = "d" & e > 1`,
  `<img src="x" onerror='alert(1)'> & <svg/onload="alert(2)">`,
  `Tom & Jerry's "Great" <Adventure>`,
  `フレームワーク <ベンチマーク> & "テスト" 'です'`,
  `5 > 3 & 2 < 4, "true" or 'false'?`,
];

function fortunesData(messages = MESSAGES) {
  const fortunes = [];
  for (let i = 0; i < 100; i++) fortunes.push({ id: i + 1, message: messages[i % messages.length] });
  return { fortunes };
}

function pageData() {
  const posts = [];
  for (let i = 0; i < 20; i++) {
    posts.push({
      id: i,
      title: `post number ${i} about <templates> & speed`,
      body: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.',
      author: i % 4 ? { name: `Author ${i}` } : null,
      tags: ['Node', 'TypeScript', i % 2 ? 'Jinja' : 'Django'],
    });
  }
  const links = ['home', 'blog', 'about us', 'contact'].map((t, i) => ({ url: `/${t.replace(' ', '-')}/`, title: t, active: i === 1 }));
  return { page_title: 'Latest posts', posts, links, tags: ['a', 'b', 'c'], year: 2026 };
}

module.exports = { jinja, eta, fortunesData, heavyFortunesData: () => fortunesData(HEAVY_MESSAGES), pageData };
