package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.ClientContext;
import io.lacquer.core.vcl.ObjView;
import io.lacquer.core.vcl.Sub;

/** The scope of a client-side subroutine ({@code vcl_recv} … {@code vcl_synth}). */
public final class ClientScope extends Scope {
    private final ClientContext ctx;
    private ReqVar req;
    private RespVar resp;
    private ObjVar obj;
    private BereqVar bereq;

    ClientScope(GroovyVclProgram program, Sub sub, ClientContext ctx) {
        super(program, sub);
        this.ctx = ctx;
    }

    @Override
    String addBan(String expression) {
        return ctx.ban(expression);
    }

    @Override
    long xid() {
        return ctx.req().xid();
    }

    /** {@code req}. */
    public ReqVar getReq() {
        if (req == null) {
            req = new ReqVar(ctx.req(), program.declarations());
        }
        return req;
    }

    /** {@code resp} (vcl_deliver, vcl_synth). */
    public RespVar getResp() {
        if (resp == null) {
            resp = new RespVar(ctx.resp());
        }
        return resp;
    }

    /** {@code obj} (vcl_hit, vcl_deliver). */
    public ObjVar getObj() {
        if (obj == null) {
            ObjView o = ctx.obj();
            obj = new ObjVar(o);
        }
        return obj;
    }

    /** {@code bereq} in vcl_pipe: the request as it will be piped. */
    public BereqVar getBereq() {
        if (bereq == null) {
            bereq = new BereqVar(new PipeBereq(ctx.req()), program.declarations());
        }
        return bereq;
    }

    /** {@code client}. */
    public ClientVar getClient() {
        return new ClientVar(ctx.req());
    }

    /** {@code server}. */
    public ServerVar getServer() {
        return new ServerVar(ctx.serverIdentity(), ctx.req());
    }

    /** {@code remote}: the peer; without the PROXY protocol, the client. */
    public ClientVar getRemote() {
        return new ClientVar(ctx.req());
    }

    /** {@code local}: the address the request arrived on ({@code local.ip}). */
    public ServerVar getLocal() {
        return new ServerVar(ctx.serverIdentity(), ctx.req());
    }

    /** {@code return synth(status)}. */
    public Action synth(int status) {
        return ctx.synth(status, null);
    }

    /** {@code return synth(status, reason)}. */
    public Action synth(int status, String reason) {
        return ctx.synth(status, reason);
    }

    /** {@code return vcl(label)} (vcl_recv): go on in the labelled policy, with the request as it arrived. */
    public Action vcl(String label) {
        return ctx.vcl(program.label(label));
    }

    /** {@code hash_data(input)} (vcl_hash). */
    public void hash_data(String input) {
        ctx.hashData(input);
    }

    /** {@code synthetic(body)}: the body of a synthetic response (vcl_synth). */
    public void synthetic(String body) {
        ctx.resp().body(body);
    }

    /** {@code call name}: runs custom subroutine {@code index}; its return, if any, ends the caller. */
    public Action call(int index) {
        return program.clientSub(index).run(this);
    }
}
