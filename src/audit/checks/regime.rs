//! The checks of the current regime (NĐ 224/2026, Luật TCTT, NĐ 244/2026) read from stored pages.

use super::{Check, Ctx, Home, ev};
use crate::rubric::Criterion;

pub(super) fn domain_pattern(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn provincial_portal(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn page_metadata(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn contact_point(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn public_services_integration(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn service_quality(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn subordinate_links(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn spokesperson(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn social_channels(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn satisfaction_rating(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}

pub(super) fn publishing_lag(_c: &Criterion, _ctx: &Ctx, home: &Home) -> Check {
    Check::unverified(vec![ev(
        home.url,
        "không kiểm tra được: kiểm tra này đang được hoàn thiện",
    )])
}
