# One image for mock-idp, mock-scim and scenario-runner: Debian bookworm-slim with the same
# Debian packages the README's set-up installs.
FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config libcpp-httplib-dev nlohmann-json3-dev libpugixml-dev \
      libxmlsec1-dev libssl-dev zlib1g-dev catch2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake --preset release -DHARNESS_TESTS=OFF && cmake --build --preset release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libcpp-httplib0.11 libpugixml1v5 libxmlsec1-openssl libssl3 zlib1g curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/release/mock-idp/mock-idp /src/build/release/mock-scim/mock-scim \
     /src/build/release/scenarios/scenario-runner /usr/local/bin/
COPY scenarios/library /scenarios
EXPOSE 8080
