/**
 * The baseline for the framework-overhead figure: a bare node:http server answering every request
 * with the same JSON body as our GET /health. Listens on 127.0.0.1:$PORT; stops on SIGTERM.
 */
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const body = JSON.stringify({ status: 'ok' });

const server = createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
});

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
