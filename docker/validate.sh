#!/bin/bash
# Checks the docker stack without a Docker engine: the compose file against the Compose
# Specification schema that dclint ships, dclint's rules, and shellcheck on the scripts.
# Tools come from the npm registry into a temporary directory. It does not build or run any
# image; docs/operations.md lists what stays unchecked.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
tools="$(mktemp -d)"
trap 'rm -rf "${tools}"' EXIT

cd "${tools}"
npm init -y > /dev/null
npm install --no-audit --no-fund --silent dclint@3.1.0 ajv@8 ajv-formats@3 yaml@2 > /dev/null

cat > validate-compose.mjs <<'JS'
import fs from "node:fs";
import YAML from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

const [schemaPath, composePath] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
// The schema declares draft-07, whose keywords the 2019-09 validator also accepts.
delete schema.$schema;
const compose = YAML.parse(fs.readFileSync(composePath, "utf8"), { merge: true });
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
if (!validate(compose)) {
  console.error(JSON.stringify(validate.errors, null, 2));
  process.exit(1);
}
console.log(`schema: ${composePath} is valid`);
JS

node validate-compose.mjs node_modules/dclint/schemas/compose.schema.json "${here}/compose.yaml"
# The services are ordered by dependency and the anchors come first on purpose.
npx dclint "${here}/compose.yaml" \
  --disable-rule service-keys-order services-alphabetical-order top-level-properties-order

if command -v shellcheck > /dev/null; then
  shellcheck "${here}/healthcheck.sh" "${here}/validate.sh"
  shellcheck -s sh "${here}/temporal/setup-schema.sh" "${here}/temporal/create-namespace.sh" \
    "${here}/secrets/generate.sh"
  echo "shellcheck: scripts are clean"
else
  echo "shellcheck: not installed, scripts not checked (apt-get install shellcheck)"
fi
