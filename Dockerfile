# The hub's services from one image; docker-compose.yml picks the command. The runtime image
# ships no fixtures: the demo seed job builds the `seed` target, which adds them.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
USER node
EXPOSE 4000
# node --import tsx: one process per service, so SIGTERM reaches the drain handler directly
CMD ["node", "--import", "tsx", "gateway/main.ts"]

FROM runtime AS seed
COPY test/fixtures ./test/fixtures
CMD ["node", "--import", "tsx", "test/fixtures/seed/cli.ts"]
