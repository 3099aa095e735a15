# The hub's services from one image; docker-compose.yml picks the command. Three stages:
#   deps     the production dependencies only (npm ci --omit=dev: no tsx, no TypeScript)
#   build    every dependency, and `npm run build`: the processes compiled to dist/
#   app      Node 24 LTS, the production dependencies and the compiled code, as a non-root user;
#            it writes nothing, so it runs with a read-only root filesystem
#   seed     the demo seed job's own target: app plus the compiled seed and the showcase
#   runtime  app as it is: the last stage, so the one `docker build .` makes
# The runtime image ships no fixture and no TypeScript.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY test/fixtures ./test/fixtures
RUN npm run build

FROM node:24-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1
# package.json for "type": "module"; every file stays root's and read-only to the process
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/schema ./dist/schema
COPY --from=build /app/dist/subgraphs ./dist/subgraphs
COPY --from=build /app/dist/gateway ./dist/gateway
# the image's `node` user, by number, so that a runAsNonRoot policy can check it
USER 1000:1000
EXPOSE 4000
# plain node, one process per service: SIGTERM reaches the drain handler directly
CMD ["node", "dist/gateway/main.js"]

FROM app AS seed
COPY --from=build /app/dist/test/fixtures ./dist/test/fixtures
CMD ["node", "dist/test/fixtures/seed/cli.js"]

FROM app AS runtime
