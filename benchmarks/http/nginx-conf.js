// The nginx peer's configuration: `return 200` with the same payloads as the other
// servers, one worker (or, for callgrind, one process without a master).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Writes nginx.conf into a new temporary folder; returns the folder, the port and the file. */
function writeNginxConf({ singleProcess = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-nginx-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `${singleProcess ? 'master_process off;' : 'worker_processes 1;'}
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    location = / { default_type text/plain; return 200 'Hello, World!'; }
    location = /json { default_type application/json; return 200 '{"message":"Hello, World!"}'; }
  }
}
`,
  );
  return { dir, port, conf };
}

module.exports = { writeNginxConf };
