// What the service logs about a request, and where log lines go.
// - Request lines carry the method, the path, the route and the NAMES of the query parameters, never their values:
//   search text (q=13987654321, an ID-card number) is personal data (issue 11). Path parameters are ids.
// - A stream that fails after its headers were sent is a server fault: logged at error level with the request id.
import type { FastifyRequest } from 'fastify';
import { LogController } from 'fastify';

/** The path and the names of the query parameters (values left out: search text may be personal data). */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = new Set<string>();
  for (const pair of url.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    names.add(eq < 0 ? pair : pair.slice(0, eq));
  }
  return `${url.slice(0, q)}?${[...names].map((n) => `${n}=[redacted]`).join('&')}`;
}

/** pino serializer of a Fastify request (Fastify's own logs the full URL, query included). */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    route: request.routeOptions?.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export class ServiceLogController extends LogController {
  override streamError(error: Error & { code?: string }, request: FastifyRequest, reply: Parameters<LogController['streamError']>[2]) {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') return super.streamError(error, request, reply);
    if (this.isLogDisabled(request)) return;
    reply.log.error({ err: error }, 'streamed response failed after its headers were sent; the response was cut off');
  }
}
