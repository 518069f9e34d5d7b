# SCV Sales Intelligence: one process serving pages, running scheduled pipelines and sending mail.
# Build: docker build -t scv .   Run: docker run -p 3000:3000 -v scv-data:/data -e SCV_SMTP_URL=smtp://… scv

FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# production dependencies only (tsx runs the TypeScript sources; there is no build step)
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production \
    TZ=Asia/Kolkata \
    SCV_CONFIG=/app/deploy/docker.json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY app ./app
COPY pipelines ./pipelines
COPY views ./views
COPY data/*.ts ./data/
COPY data/migrations ./data/migrations
COPY data/reference ./data/reference
COPY deploy ./deploy
# the warehouse, inbox, archive and refused folders live on the volume, owned by the unprivileged user
RUN mkdir -p /data/inbox && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/scv.js", "serve"]
