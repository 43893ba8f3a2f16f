/**
 * A reference point for the framework-overhead figure: plain Fastify, no plugins, answering the
 * same JSON body as our GET /health. The gap between it and bare node:http is Fastify's own cost;
 * the gap between it and ours is our middleware. Listens on 127.0.0.1:$PORT; stops on SIGTERM.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
