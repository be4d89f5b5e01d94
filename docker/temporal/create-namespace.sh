#!/bin/sh
# Creates the todo-mesh namespace and the search attributes listed in SEARCH_ATTRIBUTES
# ("Name=Type" pairs separated by spaces) with the Temporal CLI. Existing ones are kept, so
# the job can run on every start.
set -eu

: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${NAMESPACE:=todo-mesh}"
: "${RETENTION:=7d}"
: "${SEARCH_ATTRIBUTES:=}"

attempt=1
until temporal operator cluster health --address "${TEMPORAL_ADDRESS}"; do
  if [ "${attempt}" -ge 30 ]; then
    echo "Temporal at ${TEMPORAL_ADDRESS} is not healthy after ${attempt} attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

if temporal operator namespace describe --address "${TEMPORAL_ADDRESS}" -n "${NAMESPACE}" \
    > /dev/null 2>&1; then
  echo "namespace exists: namespace=${NAMESPACE}"
else
  temporal operator namespace create --address "${TEMPORAL_ADDRESS}" -n "${NAMESPACE}" \
    --retention "${RETENTION}"
  echo "namespace created: namespace=${NAMESPACE} retention=${RETENTION}"
fi

for attribute in ${SEARCH_ATTRIBUTES}; do
  name="${attribute%%=*}"
  type="${attribute#*=}"
  if temporal operator search-attribute list --address "${TEMPORAL_ADDRESS}" \
      -n "${NAMESPACE}" | grep -q "^ *${name} "; then
    echo "search attribute exists: name=${name}"
  else
    temporal operator search-attribute create --address "${TEMPORAL_ADDRESS}" \
      -n "${NAMESPACE}" --name "${name}" --type "${type}"
    echo "search attribute created: name=${name} type=${type}"
  fi
done
