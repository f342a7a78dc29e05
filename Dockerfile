# Images of the Tickwire gateway and of the simulator's publisher, built by their users from the
# jars `./mvnw package` made (this repository's CI builds no image: no container runtime runs there).
# From the repository root, after `./mvnw -DskipTests package`:
#
#   docker build --target gateway   -t tickwire-gateway:0.2.0 .
#   docker build --target publisher -t tickwire-publisher:0.2.0 .
#
# The jars are copied in, not built here: the image runs the very jars that were built and tested,
# and a build needs no Maven and no second download of the dependencies.
# docs/deploy.md tells how to run them; ops/compose/compose.yaml and ops/k8s/ use them.

# A JRE on Ubuntu 24.04; its curl serves the gateway's HEALTHCHECK.
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

FROM ${JRE_IMAGE} AS base
# Never root: a system user of its own, no shell, no home.
RUN groupadd --system --gid 10001 tickwire \
    && useradd --system --uid 10001 --gid tickwire --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin tickwire
WORKDIR /opt/tickwire
# Half the container's memory limit for the heap (the JVM's default is a quarter); the rest is for
# Netty's direct buffers (as large as the heap at most), threads and metaspace.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50.0"
LABEL org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/tickwire/tickwire"
USER 10001:10001

# The publisher: options after the image name, or TICKWIRE_* environment variables (--help lists them).
FROM base AS publisher
COPY feed-simulator/target/tickwire-feed-simulator.jar /opt/tickwire/tickwire-publisher.jar
LABEL org.opencontainers.image.title="tickwire-publisher"
ENTRYPOINT ["java", "-jar", "/opt/tickwire/tickwire-publisher.jar"]

# The gateway (the default target): settings after the image name (--server.port=8081 …) or as
# environment variables (SERVER_PORT, TICKWIRE_FEED_SOURCE, SPRING_DATA_REDIS_URL …), as Spring Boot reads them.
FROM base AS gateway
COPY gateway/target/tickwire-gateway.jar /opt/tickwire/tickwire-gateway.jar
LABEL org.opencontainers.image.title="tickwire-gateway"
EXPOSE 8080
# Liveness, not readiness: a node that lost Redis steps aside (readiness 503) but keeps serving its
# open streams, and must not be restarted for it. SERVER_PORT if the port is set that way; a port
# set by --server.port needs its own health check (ops/compose/compose.yaml has one per node).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "-jar", "/opt/tickwire/tickwire-gateway.jar"]
