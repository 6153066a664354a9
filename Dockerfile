# The xiaoneng service: Node 20, the native better-sqlite3 build, the bundled server, SQLite data on a volume.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# patches/: fixes applied to dependencies by npm's postinstall (patch-package), e.g. exceljs' UTF-8 chunk decoding.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# MALLOC_MMAP_THRESHOLD_: glibc keeps every allocation above 128 KB in its own mapping, returned to the system when it
# is freed. Without it glibc raises the threshold after the first large free (up to 32 MB), and an import's large
# buffers then stay in the heap after they are freed: RSS one second after a 100,000-row approval CSV import 242 MB
# without, 173 MB with (bench/RESULTS.md). `npm start` sets the same.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_PATH=/data/xiaoneng.db MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY migrations-pg ./migrations-pg
COPY src/seed ./src/seed
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# SIGTERM drains in-flight requests, then closes the database (close-with-grace).
CMD ["node", "dist/server.mjs"]
