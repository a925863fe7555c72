"""Translation-memory routes: store pairs, concordance, edit and delete, lookup."""
from __future__ import annotations

from flask import g

from service.http.api import bp
from service.http.api.errors import ApiError
from service.http.api.registry import operation
from service.http.api.schemas import (
    Deleted,
    PairIn,
    PairsIn,
    SegmentList,
    SegmentListQuery,
    SegmentOut,
    SegmentUpdate,
    StoreIn,
    StoreOut,
    TmLookupIn,
    TmLookupOut,
)
from service.http.context import db_session, runtime
from service.storage import segments as segment_store
from service.storage.terms import BadCursor, Conflict, NotFound

TAGS = ["memory"]


def prepare_pair(pair: PairIn):
    return segment_store.prepare(pair.source, pair.target, source_lang=pair.source_lang,
                                 target_lang=pair.target_lang, document=pair.document,
                                 context_before=pair.context_before, context_after=pair.context_after,
                                 origin=pair.origin)


@operation(bp, "/segments", "POST", summary="Store an aligned pair, or a batch {\"pairs\": [...]}", tags=TAGS,
           body=StoreIn, responses={201: StoreOut, 200: StoreOut}, auth="editor")
def store_segments(body: StoreIn):
    pairs = body.root.pairs if isinstance(body.root, PairsIn) else [body.root]
    prepared = [prepare_pair(p) for p in pairs]
    session = db_session()
    result = segment_store.store_pairs(session, prepared, g.principal.name)
    session.commit()
    items = [segment_store.segment_to_dict(r) for r in result.created + result.duplicates]
    status = 201 if result.created else 200
    return {"created": len(result.created), "duplicates": len(result.duplicates), "items": items}, status


@operation(bp, "/segments", "GET", summary="Concordance search and listing of stored pairs", tags=TAGS,
           query=SegmentListQuery, responses={200: SegmentList})
def list_segments(query: SegmentListQuery):
    try:
        page = segment_store.search(db_session(), q=query.q, document=query.document, limit=query.limit,
                                    cursor=query.cursor)
    except BadCursor as exc:
        raise ApiError(400, str(exc)) from None
    return {"items": [segment_store.segment_to_dict(r) for r in page.items], "next_cursor": page.next_cursor}


@operation(bp, "/segments/<int:segment_id>", "GET", summary="Get one stored pair", tags=TAGS,
           responses={200: SegmentOut})
def get_segment(segment_id: int):
    try:
        return segment_store.segment_to_dict(segment_store.get(db_session(), segment_id))
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None


@operation(bp, "/segments/<int:segment_id>", "PUT", summary="Change a stored pair", tags=TAGS,
           body=SegmentUpdate, responses={200: SegmentOut}, auth="editor")
def update_segment(segment_id: int, body: SegmentUpdate):
    session = db_session()
    try:
        row = segment_store.update(session, segment_id, body.model_dump(exclude_none=True), g.principal.name)
        session.commit()
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    except Conflict as exc:
        raise ApiError(409, str(exc)) from None
    return segment_store.segment_to_dict(row)


@operation(bp, "/segments/<int:segment_id>", "DELETE", summary="Delete a stored pair", tags=TAGS,
           responses={200: Deleted}, auth="editor")
def delete_segment(segment_id: int):
    session = db_session()
    try:
        segment_store.delete(session, segment_id)
        session.commit()
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    return {"id": segment_id, "deleted": "hard"}


@operation(bp, "/tm/lookup", "POST", summary="Exact, in-context and fuzzy matches for one sentence", tags=TAGS,
           body=TmLookupIn, responses={200: TmLookupOut})
def tm_lookup(body: TmLookupIn):
    matches = runtime().tm_lookup(db_session(), body.text, min_score=body.min_score, limit=body.limit,
                                  context_before=body.context_before, context_after=body.context_after)
    return {"matches": matches}
