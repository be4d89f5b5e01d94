// The inspector page: reads the todo-mesh HTTP API and renders todos, one todo's state and
// workflow history timeline, and pump health. Plain browser JavaScript, no build step.
"use strict";

const state = { config: { temporalUiUrl: "", namespace: "default" }, todos: [], todosError: null, selected: null, runs: [] };

// The API key is stored for this browser tab only and sent only to this page's own origin.
const API_KEY_STORAGE = "todo-mesh-api-key";

async function getJson(path) {
  const headers = { Accept: "application/json" };
  const apiKey = sessionStorage.getItem(API_KEY_STORAGE);
  if (apiKey) {
    headers["X-API-Key"] = apiKey;
  }
  const response = await fetch(path, { headers });
  if (response.status === 401 || response.status === 403) {
    document.getElementById("auth-note").hidden = false;
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(`${path}: ${response.status} ${problem.detail || response.statusText}`);
  }
  return response.json();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "className") {
      node.className = value;
    } else if (name.startsWith("data-")) {
      node.setAttribute(name, value);
    } else {
      node[name] = value;
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : String(child ?? ""));
  }
  return node;
}

// Payload data in Temporal's JSON history format is base64; the todo workflow's payloads are JSON.
function decodePayload(payload) {
  if (!payload || !payload.data) {
    return null;
  }
  const bytes = Uint8Array.from(atob(payload.data), (c) => c.charCodeAt(0));
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

function firstPayload(payloads) {
  return payloads && payloads.payloads ? decodePayload(payloads.payloads[0]) : null;
}

function shortType(eventType) {
  return eventType.replace(/^EVENT_TYPE_/, "");
}

function describeCommand(command) {
  const fields = [command.type, command.commandId];
  if (command.title !== undefined && command.title !== null) {
    fields.push(JSON.stringify(command.title));
  }
  if (command.completed !== undefined) {
    fields.push(command.completed ? "completed" : "open");
  }
  if (command.source) {
    fields.push(`entry ${command.source.partition}/${command.source.entryId}`);
  }
  return fields.join(" · ");
}

function commandList(commands) {
  return element("ul", {}, ...(commands || []).map((command) => element("li", {}, describeCommand(command))));
}

// Returns [css class, summary text, detail node or null] for one history event.
function describeEvent(event) {
  const type = shortType(event.eventType);
  switch (type) {
    case "WORKFLOW_EXECUTION_STARTED": {
      const input = firstPayload(event.workflowExecutionStartedEventAttributes.input) || {};
      const carried = input.state ? `carried state version ${input.state.version}` : "new todo";
      const pending = input.pending && input.pending.length ? `, ${input.pending.length} pending` : "";
      return ["started", `Run started (${carried}${pending})`, input.pending && input.pending.length ? commandList(input.pending) : null];
    }
    case "WORKFLOW_EXECUTION_SIGNALED": {
      const attributes = event.workflowExecutionSignaledEventAttributes;
      const batch = firstPayload(attributes.input) || {};
      const commands = batch.commands || [];
      return ["signal", `Signal ${attributes.signalName}: ${commands.length} command(s)`, commandList(commands)];
    }
    case "ACTIVITY_TASK_SCHEDULED":
      return ["activity", `Activity scheduled: ${event.activityTaskScheduledEventAttributes.activityType.name}`, null];
    case "ACTIVITY_TASK_COMPLETED":
    case "ACTIVITY_TASK_FAILED":
    case "ACTIVITY_TASK_TIMED_OUT":
    case "ACTIVITY_TASK_STARTED":
      return ["activity", type.replace(/_/g, " ").toLowerCase(), null];
    case "TIMER_STARTED":
      return ["timer", `Timer started: ${event.timerStartedEventAttributes.startToFireTimeout}`, null];
    case "TIMER_FIRED":
      return ["timer", "Timer fired", null];
    case "UPSERT_WORKFLOW_SEARCH_ATTRIBUTES": {
      const fields = event.upsertWorkflowSearchAttributesEventAttributes.searchAttributes.indexedFields || {};
      const text = Object.entries(fields).map(([name, payload]) => `${name}=${decodePayload(payload)}`).join(", ");
      return ["attributes", `Search attributes: ${text}`, null];
    }
    case "WORKFLOW_PROPERTIES_MODIFIED": {
      const memo = (event.workflowPropertiesModifiedEventAttributes.upsertedMemo || {}).fields || {};
      const text = Object.entries(memo).map(([name, payload]) => `${name}=${JSON.stringify(decodePayload(payload))}`).join(", ");
      return ["attributes", `Memo: ${text}`, null];
    }
    case "MARKER_RECORDED":
      return ["marker", `Marker: ${event.markerRecordedEventAttributes.markerName}`, null];
    case "WORKFLOW_EXECUTION_CONTINUED_AS_NEW":
      return ["continued", "Continued as new", null];
    default:
      if (type.startsWith("WORKFLOW_TASK_")) {
        return ["task", type.replace(/_/g, " ").toLowerCase(), null];
      }
      return ["other", type, null];
  }
}

function renderTimeline() {
  const timeline = document.getElementById("timeline");
  const showTasks = document.getElementById("show-tasks").checked;
  timeline.replaceChildren();
  state.runs.forEach((run, index) => {
    const started = run.events[0].workflowExecutionStartedEventAttributes || {};
    const runId = started.originalExecutionRunId || `#${index + 1}`;
    timeline.append(element("div", { className: "run" }, `Run ${index + 1} of ${state.runs.length}: ${runId}`));
    for (const event of run.events) {
      const [kind, summary, detail] = describeEvent(event);
      if (kind === "task" && !showTasks) {
        continue;
      }
      timeline.append(
        element(
          "div",
          { className: `event ${kind}`, "data-event-type": shortType(event.eventType), "data-event-id": event.eventId },
          element("span", { className: "time" }, event.eventTime || ""),
          element("span", { className: "id" }, event.eventId),
          summary,
          detail || ""
        )
      );
    }
  });
}

function temporalUiLink(workflowId) {
  if (!state.config.temporalUiUrl) {
    return null;
  }
  const url = `${state.config.temporalUiUrl}/namespaces/${encodeURIComponent(state.config.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return element("a", { href: url, target: "_blank", rel: "noopener" }, "Open in Temporal UI");
}

async function selectTodo(todoId) {
  state.selected = todoId;
  history.replaceState(null, "", `/inspect?todo=${encodeURIComponent(todoId)}`);
  document.querySelectorAll("#todo-list li").forEach((item) => item.classList.toggle("selected", item.dataset.todoId === todoId));
  document.getElementById("todo-empty").hidden = true;
  document.getElementById("todo-details").hidden = false;
  document.getElementById("todo-title").textContent = `todo:${todoId}`;
  const links = document.getElementById("todo-links");
  links.replaceChildren(temporalUiLink(`todo:${todoId}`) || element("span", { className: "muted" }, "Set todo-mesh.inspect.temporal-ui-url to link to Temporal UI."));

  const stateView = document.getElementById("todo-state");
  try {
    // Strong consistency asks the workflow itself, so the state matches the history below.
    stateView.textContent = JSON.stringify(await getJson(`/todos/${encodeURIComponent(todoId)}?consistency=strong`), null, 2);
  } catch (e) {
    stateView.textContent = e.message;
  }
  try {
    state.runs = await getJson(`/todos/${encodeURIComponent(todoId)}/history?allRuns=true`);
    document.getElementById("raw-history").textContent = JSON.stringify(state.runs, null, 2);
    renderTimeline();
    document.body.dataset.ready = "timeline";
  } catch (e) {
    state.runs = [];
    document.getElementById("timeline").replaceChildren(element("p", { className: "muted" }, e.message));
    document.body.dataset.ready = "error";
  }
}

function renderTodoList() {
  const filter = document.getElementById("filter").value.trim().toLowerCase();
  const list = document.getElementById("todo-list");
  const shown = state.todos.filter((todo) => !filter || todo.todoId.toLowerCase().includes(filter) || (todo.title || "").toLowerCase().includes(filter));
  list.replaceChildren(
    ...shown.map((todo) => {
      const label = todo.title ? `${todo.todoId} — ${todo.title}` : todo.todoId;
      const item = element("li", { "data-todo-id": todo.todoId, title: todo.status || "" }, label);
      item.classList.toggle("selected", todo.todoId === state.selected);
      item.addEventListener("click", () => selectTodo(todo.todoId));
      return item;
    })
  );
  document.getElementById("todo-list-note").textContent = state.todosError
    ? `not loaded: ${state.todosError}`
    : `${shown.length} of ${state.todos.length} todos`;
}

// A failed request is shown as its error, so a rejected request never looks like an empty system.
function fillTable(id, rows) {
  const body = document.querySelector(`#${id} tbody`);
  if (rows instanceof Error) {
    body.replaceChildren(element("tr", {}, element("td", { colSpan: 4, className: "muted" }, `not loaded: ${rows.message}`)));
    return;
  }
  if (rows.length === 0) {
    body.replaceChildren(element("tr", {}, element("td", { colSpan: 4, className: "muted" }, "none")));
    return;
  }
  body.replaceChildren(...rows.map((cells) => element("tr", {}, ...cells.map((cell) => element("td", {}, cell)))));
}

async function loadHealth() {
  const [partitions, parked, deadLetters] = await Promise.all([
    getJson("/admin/partitions").catch((error) => error),
    getJson("/admin/parked").catch((error) => error),
    getJson("/admin/dead-letters").catch((error) => error),
  ]);
  const rows = (result, cells) => (result instanceof Error ? result : result.map(cells));
  fillTable("partitions", rows(partitions, (p) => [p.partition, p.backlog, p.length, p.owner || "none"]));
  fillTable("parked", rows(parked, (p) => [p.todoId, p.commandId, p.error, p.parkedAt]));
  fillTable("dead-letters", rows(deadLetters, (d) => [d.entryId, d.reason, d.failedAt]));
}

async function loadTodos() {
  try {
    state.todos = await getJson("/admin/todos");
    state.todosError = null;
  } catch (e) {
    state.todos = [];
    state.todosError = e.message;
  }
  renderTodoList();
}

function downloadHistory() {
  const blob = new Blob([JSON.stringify(state.runs, null, 2)], { type: "application/json" });
  const link = element("a", { href: URL.createObjectURL(blob), download: `todo-${state.selected}-history.json` });
  document.body.append(link);
  link.click();
  link.remove();
}

async function refresh() {
  state.config = await getJson("/inspect/config").catch(() => state.config);
  await Promise.all([loadTodos(), loadHealth()]);
  if (state.selected) {
    await selectTodo(state.selected);
  }
}

function saveApiKey(event) {
  const value = event.target.value.trim();
  if (value) {
    sessionStorage.setItem(API_KEY_STORAGE, value);
  } else {
    sessionStorage.removeItem(API_KEY_STORAGE);
  }
  document.getElementById("auth-note").hidden = true;
}

async function start() {
  document.getElementById("api-key").addEventListener("change", saveApiKey);
  document.getElementById("filter").addEventListener("input", renderTodoList);
  document.getElementById("show-tasks").addEventListener("change", renderTimeline);
  document.getElementById("download").addEventListener("click", downloadHistory);
  document.getElementById("refresh").addEventListener("click", refresh);
  state.selected = new URLSearchParams(location.search).get("todo");
  await refresh();
}

start();
