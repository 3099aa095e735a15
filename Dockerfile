# One image for every service of the hub; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
COPY test/fixtures ./test/fixtures
USER node
EXPOSE 4000
# node --import tsx: one process per service, so SIGTERM reaches the drain handler directly
CMD ["node", "--import", "tsx", "gateway/main.ts"]
