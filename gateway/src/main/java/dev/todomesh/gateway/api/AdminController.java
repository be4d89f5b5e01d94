package dev.todomesh.gateway.api;

import dev.todomesh.gateway.config.ConditionalOnRole;
import dev.todomesh.gateway.config.TodoMeshProperties;
import dev.todomesh.gateway.monitoring.CommandMetrics;
import dev.todomesh.gateway.pump.DeadLetters;
import dev.todomesh.gateway.pump.ParkedTodo;
import dev.todomesh.gateway.pump.ParkedTodos;
import dev.todomesh.gateway.stream.CommandEntry;
import dev.todomesh.gateway.stream.CommandIntake;
import dev.todomesh.gateway.stream.CommandStreams;
import dev.todomesh.gateway.stream.StreamIds;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Operator endpoints: partitions, parked todos and dead letters. */
@RestController
@RequestMapping("/admin")
@ConditionalOnRole(TodoMeshProperties.Role.API)
class AdminController {

  private static final Logger log = LoggerFactory.getLogger(AdminController.class);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final int MAX_PAGE = 1_000;

  private final CommandStreams streams;
  private final CommandIntake intake;
  private final ParkedTodos parked;
  private final DeadLetters deadLetters;
  private final String group;

  AdminController(
      CommandStreams streams,
      CommandIntake intake,
      TodoMeshProperties properties,
      CommandMetrics metrics) {
    this.streams = streams;
    this.intake = intake;
    this.group = properties.pump().consumerGroup();
    this.parked = new ParkedTodos(streams, group);
    this.deadLetters = new DeadLetters(streams, Clock.systemUTC(), metrics);
  }

  /** One partition's state. {@code owner} is the lease value {@code <pump>:<epoch>}, or null. */
  record PartitionStatus(int partition, String stream, long length, long backlog, String owner) {}

  /** One dead letter: why it failed and the original entry. */
  record DeadLetter(
      String entryId,
      String reason,
      String sourceStream,
      String sourceEntryId,
      String failedAt,
      Map<String, String> originalFields) {}

  @GetMapping("/partitions")
  Mono<List<PartitionStatus>> partitions() {
    return blocking(
        () -> {
          List<PartitionStatus> result = new ArrayList<>();
          for (int partition = 0; partition < streams.partitions(); partition++) {
            RStream<String, String> stream = streams.commandStream(partition);
            String backlog =
                streams
                    .redisson()
                    .<String>getBucket(streams.backlogKey(partition), StringCodec.INSTANCE)
                    .get();
            String owner =
                streams
                    .redisson()
                    .<String>getBucket(streams.leaseKey(partition), StringCodec.INSTANCE)
                    .get();
            result.add(
                new PartitionStatus(
                    partition,
                    stream.getName(),
                    stream.size(),
                    backlog == null ? 0 : Long.parseLong(backlog),
                    owner));
          }
          return result;
        });
  }

  @GetMapping("/parked")
  Mono<List<ParkedTodo>> listParked() {
    return blocking(parked::list);
  }

  /** Unparks the todo: its owner pump delivers the head command and the ones after it again. */
  @PostMapping("/parked/{todoId}/retry")
  @ApiResponse(responseCode = "204", description = "The todo's held commands flow again", content = @Content)
  Mono<ResponseEntity<Void>> retry(@PathVariable String todoId) {
    return blocking(
        () -> {
          if (!parked.retry(TodoIds.requireValid(todoId))) {
            throw notParked(todoId);
          }
          log.info("Parked todo retried by an operator: todoId={}", todoId);
          return ResponseEntity.noContent().build();
        });
  }

  /** Moves the head command to the dead letters and unparks the todo. */
  @PostMapping("/parked/{todoId}/skip")
  @ApiResponse(responseCode = "204", description = "The head command is dead-lettered and the rest flow", content = @Content)
  Mono<ResponseEntity<Void>> skip(@PathVariable String todoId) {
    return blocking(
        () -> {
          ParkedTodo todo =
              parked.find(TodoIds.requireValid(todoId)).orElseThrow(() -> notParked(todoId));
          deadLetters.add(
              todo.partition(),
              StreamIds.parse(todo.entryId()),
              parked.headFields(todo),
              "skipped by an operator after: " + todo.error());
          if (!parked.skip(todo)) {
            throw new ErrorResponseException(
                HttpStatus.CONFLICT,
                problem(
                    HttpStatus.CONFLICT,
                    "Todo changed while skipping",
                    "Todo '" + todoId + "' was retried or re-parked meanwhile; list it again"),
                null);
          }
          log.info(
              "Parked command skipped by an operator: todoId={} entryId={} commandId={}",
              todoId,
              todo.entryId(),
              todo.commandId());
          return ResponseEntity.noContent().build();
        });
  }

  @GetMapping("/dead-letters")
  Mono<List<DeadLetter>> listDeadLetters(
      @RequestParam(defaultValue = "-") String after,
      @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new ErrorResponseException(
          HttpStatus.BAD_REQUEST,
          problem(
              HttpStatus.BAD_REQUEST,
              "Invalid limit",
              "limit must be between 1 and " + MAX_PAGE + ", was " + limit),
          null);
    }
    StreamMessageId start = after.equals("-") ? StreamMessageId.MIN : next(parseEntryId(after));
    return blocking(
        () -> {
          Map<StreamMessageId, Map<String, String>> range =
              streams.deadLetterStream().range(limit, start, StreamMessageId.MAX);
          List<DeadLetter> result = new ArrayList<>();
          range.forEach((id, fields) -> result.add(toDeadLetter(id, fields)));
          return result;
        });
  }

  /** Appends the dead letter's original command again, under a new entry ID. */
  @PostMapping("/dead-letters/{entryId}/redrive")
  @ApiResponse(responseCode = "202", description = "The command is queued again; Location names its status")
  Mono<ResponseEntity<CommandAccepted>> redrive(@PathVariable String entryId) {
    StreamMessageId id = parseEntryId(entryId);
    return blocking(
            () -> {
              Map<StreamMessageId, Map<String, String>> range =
                  streams.deadLetterStream().range(1, id, id);
              if (!range.containsKey(id)) {
                throw new ErrorResponseException(
                    HttpStatus.NOT_FOUND,
                    problem(
                        HttpStatus.NOT_FOUND,
                        "Dead letter not found",
                        "No dead letter with entry ID '" + entryId + "'"),
                    null);
              }
              Map<String, String> original = toDeadLetter(id, range.get(id)).originalFields();
              String todoId = CommandEntry.todoIdOf(original);
              if (todoId == null || original.get(CommandEntry.COMMAND_ID) == null) {
                throw new ErrorResponseException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Dead letter cannot be redriven",
                        "Dead letter '"
                            + entryId
                            + "' has no todoId or commandId field, so it has no partition"),
                    null);
              }
              return original;
            })
        .flatMap(original -> intake.accept(original, null))
        .publishOn(Schedulers.boundedElastic())
        .map(
            accepted -> {
              streams.deadLetterStream().remove(id);
              log.info(
                  "Dead letter redriven: deadLetterId={} todoId={} commandId={} entryId={}",
                  entryId,
                  accepted.todoId(),
                  accepted.commandId(),
                  accepted.entryId());
              return ResponseEntity.accepted()
                  .location(URI.create("/commands/" + accepted.commandId()))
                  .body(new CommandAccepted(accepted.commandId(), accepted.todoId()));
            });
  }

  private static DeadLetter toDeadLetter(StreamMessageId id, Map<String, String> fields) {
    String originalJson = fields.getOrDefault(DeadLetters.ORIGINAL_FIELDS, "{}");
    Map<String, String> original = JSON.readValue(originalJson, new TypeReference<>() {});
    return new DeadLetter(
        id.toString(),
        fields.get(DeadLetters.REASON),
        fields.get(DeadLetters.SOURCE_STREAM),
        fields.get(DeadLetters.SOURCE_ENTRY_ID),
        fields.get(DeadLetters.FAILED_AT),
        original);
  }

  private static StreamMessageId parseEntryId(String entryId) {
    try {
      return StreamIds.parse(entryId);
    } catch (RuntimeException e) {
      throw new ErrorResponseException(
          HttpStatus.BAD_REQUEST,
          problem(
              HttpStatus.BAD_REQUEST,
              "Invalid entry ID",
              "Entry ID '" + entryId + "' is invalid: expected <milliseconds>-<sequence>"),
          null);
    }
  }

  private static StreamMessageId next(StreamMessageId id) {
    return new StreamMessageId(id.getId0(), id.getId1() + 1);
  }

  private static ErrorResponseException notParked(String todoId) {
    return new ErrorResponseException(
        HttpStatus.NOT_FOUND,
        problem(HttpStatus.NOT_FOUND, "Todo not parked", "Todo '" + todoId + "' is not parked"),
        null);
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }

  private static <T> Mono<T> blocking(Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }
}
