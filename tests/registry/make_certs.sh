#!/usr/bin/env bash
# Makes a throw-away CA, a server certificate for 127.0.0.1 and a client
# certificate (key encrypted with the password "zbkey") in DIR, for the TLS
# tests of the registry client against the stand-in. Uses the openssl CLI.
#   make_certs.sh DIR
set -euo pipefail
d=$1
mkdir -p "$d"
cd "$d"
subj() { echo "/O=zhibiao tests/CN=$1"; }
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "$(subj test-ca)" \
  -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "$(subj 127.0.0.1)" \
  -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server.pem 2>/dev/null
openssl req -newkey rsa:2048 -subj "$(subj zhibiao-client)" -passout pass:zbkey \
  -keyout client.key -out client.csr 2>/dev/null
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -out client.pem 2>/dev/null
echo "$d"
