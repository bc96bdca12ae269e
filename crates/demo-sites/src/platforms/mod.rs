//! The platform templates of the demo sites: one [`Skin`] per platform, modelled on that platform's
//! public templates (URL scheme, generator meta, class names, scripts, date formats).
//!
//! Main item: [`skin`], the skin of a [`Platform`].

mod dotnetnuke;
mod generic;
mod inet;
mod liferay;
mod nukeviet;
mod sharepoint;
mod wordpress;

use crate::skin::Skin;
use crate::spec::Platform;

/// The skin of a platform.
pub fn skin(p: Platform) -> &'static dyn Skin {
    match p {
        Platform::Liferay => &liferay::Liferay,
        Platform::SharePoint => &sharepoint::SharePoint,
        Platform::NukeViet { rewrite } => {
            if rewrite {
                &nukeviet::NukeViet { rewrite: true }
            } else {
                &nukeviet::NukeViet { rewrite: false }
            }
        }
        Platform::Inet => &inet::Inet,
        Platform::WordPress => &wordpress::WordPress,
        Platform::DotNetNuke => &dotnetnuke::DotNetNuke,
        Platform::Generic => &generic::Generic,
    }
}
