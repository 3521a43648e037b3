// The built-in notification templates in the thirteen languages besides
// English (issue 14). Each language gives its phrases once; compose() lays
// them out the way the English templates are laid out (a text body, and an
// HTML body with the links as anchors). The placeholders are those of the
// English templates, no more and no fewer (services_test checks it).
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "services/mail/mail_templates.h"

namespace escalated::services {
namespace {

struct Phrases {
  const char* locale;
  bool rtl;
  const char* colon;  // between a link's label and its URL in the text body
  // ticket_received
  const char* greet_requester;
  const char* received;
  const char* follow_link;
  const char* follow_extra;
  // agent_replied
  const char* agent_replied;
  const char* conversation_link;
  const char* answer_extra;
  // ticket_resolved
  const char* resolved_subject;
  const char* resolved;
  const char* rate;
  const char* rate_link;
  // ticket_assigned
  const char* greet_recipient;
  const char* assigned_subject;
  const char* assigned;
  const char* open_link;
  // customer_replied
  const char* customer_subject;
  const char* customer_replied;
  // password_reset
  const char* reset_subject;
  const char* reset;
  const char* reset_link;
  const char* reset_ignore;
};

// A template built paragraph by paragraph: each paragraph is written into
// both bodies.
class Builder {
 public:
  Builder(const Phrases& p, const char* key, std::string subject) : p_(p) {
    t_.key = key;
    t_.subject = std::move(subject);
  }
  Builder& para(const std::string& text) {
    add(text, "<p>" + text + "</p>");
    return *this;
  }
  Builder& link(const std::string& label, const std::string& url) {
    add(label + p_.colon + url, "<p><a href=\"" + url + "\">" + label + "</a></p>");
    return *this;
  }
  // The resolved mail's one-click rating links, 1 to 5.
  Builder& ratings(const std::string& label) {
    std::string text = label, html = "<p>" + label;
    for (int n = 1; n <= 5; ++n) {
      std::string url = "{{rating.url_" + std::to_string(n) + "}}";
      text += "\n" + std::to_string(n) + ": " + url;
      html += " <a href=\"" + url + "\">" + std::to_string(n) + "</a>";
    }
    add(text, html + "</p>");
    return *this;
  }
  Builder& reply() {
    add("{{reply.body}}", "<div>{{reply.body_html}}</div>");
    return *this;
  }
  MailTemplate done() {
    if (p_.rtl) t_.body_html = "<div dir=\"rtl\">\n" + t_.body_html + "</div>\n";
    return std::move(t_);
  }

 private:
  void add(const std::string& text, const std::string& html) {
    if (!t_.body_text.empty()) t_.body_text += "\n";
    t_.body_text += text + "\n";
    t_.body_html += html + "\n";
  }
  const Phrases& p_;
  MailTemplate t_;
};

// Phrases added after the first translations (one-click ratings, guest
// links); kept apart so each language's first set stays as it was.
struct LaterPhrases {
  const char* locale;
  const char* rate_one_click;  // before the links 1 to 5
  const char* guest_subject;
  const char* guest_intro;
  const char* guest_open;
  const char* guest_keep;
};

std::vector<MailTemplate> compose(const Phrases& p, const LaterPhrases& x) {
  namespace k = mail_templates;
  const std::string url = "{{ticket.url}}";
  return {
      Builder(p, k::kTicketReceived, "{{ticket.subject}}")
          .para(p.greet_requester)
          .para(p.received)
          .link(p.follow_link, url)
          .para(p.follow_extra)
          .done(),
      Builder(p, k::kAgentReplied, "{{ticket.subject}}")
          .para(p.agent_replied)
          .reply()
          .link(p.conversation_link, url)
          .para(p.answer_extra)
          .done(),
      Builder(p, k::kTicketResolved, p.resolved_subject)
          .para(p.greet_requester)
          .para(p.resolved)
          .ratings(x.rate_one_click)
          .para(p.rate)
          .link(p.rate_link, url)
          .done(),
      Builder(p, k::kTicketAssigned, p.assigned_subject)
          .para(p.greet_recipient)
          .para(p.assigned)
          .link(p.open_link, url)
          .done(),
      Builder(p, k::kCustomerReplied, p.customer_subject)
          .para(p.customer_replied)
          .reply()
          .link(p.open_link, url)
          .done(),
      Builder(p, k::kPasswordReset, p.reset_subject)
          .para(p.greet_recipient)
          .para(p.reset)
          .link(p.reset_link, "{{reset.url}}")
          .para(p.reset_ignore)
          .done(),
      Builder(p, k::kGuestTicketLink, x.guest_subject)
          .para(p.greet_recipient)
          .para(x.guest_intro)
          .link(x.guest_open, "{{guest.url}}")
          .para(x.guest_keep)
          .done(),
  };
}

// clang-format off
const std::array<Phrases, 13> kPhrases = {{
  {"ar", true, ": ",
   "مرحبًا {{requester.name}}،",
   "استلمنا طلبك «{{ticket.subject}}» وأعطيناه الرقم المرجعي {{ticket.reference}}. سنعود إليك قريبًا.",
   "تابع طلبك",
   "ردّ على هذه الرسالة لإضافة معلومات إلى طلبك.",
   "ردّ {{agent.name}} على طلبك {{ticket.reference}}:",
   "تابع المحادثة",
   "ردّ على هذه الرسالة للإجابة.",
   "تم الحل: {{ticket.subject}}",
   "تم حل طلبك {{ticket.reference}} «{{ticket.subject}}». إذا كان هناك ما لا يزال غير صحيح، فردّ على هذه الرسالة وسنتابعه من جديد.",
   "ما رأيك في مساعدتنا؟ قيّمها (من نجمة إلى خمس نجوم) في صفحة طلبك.",
   "قيّم مساعدتنا",
   "مرحبًا {{recipient.name}}،",
   "أُسندت إليك: {{ticket.subject}}",
   "أصبحت التذكرة {{ticket.reference}} «{{ticket.subject}}» من {{requester.name}} مُسندة إليك (الأولوية: {{ticket.priority}}).",
   "افتح التذكرة",
   "ردّ العميل: {{ticket.subject}}",
   "ردّ {{requester.name}} على {{ticket.reference}}:",
   "إعادة تعيين كلمة المرور",
   "طلب شخص ما (نأمل أن تكون أنت) تعيين كلمة مرور جديدة لحساب مكتب المساعدة {{recipient.email}}. اختر كلمة مرور جديدة خلال {{reset.expires_minutes}} دقيقة:",
   "تعيين كلمة مرور جديدة",
   "يعمل الرابط مرة واحدة فقط. إذا لم تطلب ذلك، فتجاهل هذه الرسالة: ستبقى كلمة مرورك كما هي."},
  {"de", false, ": ",
   "Hallo {{requester.name}},",
   "wir haben Ihre Anfrage „{{ticket.subject}}“ erhalten und ihr die Ticketnummer {{ticket.reference}} gegeben. Wir melden uns in Kürze bei Ihnen.",
   "Ihre Anfrage verfolgen",
   "Antworten Sie auf diese Nachricht, um etwas zu ergänzen.",
   "{{agent.name}} hat auf Ihre Anfrage {{ticket.reference}} geantwortet:",
   "Zum Gesprächsverlauf",
   "Antworten Sie einfach auf diese Nachricht.",
   "Gelöst: {{ticket.subject}}",
   "Ihre Anfrage {{ticket.reference}} „{{ticket.subject}}“ wurde gelöst. Falls noch etwas nicht stimmt, antworten Sie auf diese Nachricht, und wir kümmern uns erneut darum.",
   "Wie zufrieden waren Sie? Bewerten Sie unsere Hilfe (ein bis fünf Sterne) auf der Seite Ihrer Anfrage.",
   "Unsere Hilfe bewerten",
   "Hallo {{recipient.name}},",
   "Ihnen zugewiesen: {{ticket.subject}}",
   "{{ticket.reference}} „{{ticket.subject}}“ von {{requester.name}} ist Ihnen jetzt zugewiesen (Priorität {{ticket.priority}}).",
   "Ticket öffnen",
   "Antwort vom Kunden: {{ticket.subject}}",
   "{{requester.name}} hat auf {{ticket.reference}} geantwortet:",
   "Passwort zurücksetzen",
   "jemand (hoffentlich Sie) möchte ein neues Passwort für das Helpdesk-Konto {{recipient.email}} festlegen. Wählen Sie innerhalb von {{reset.expires_minutes}} Minuten eines:",
   "Neues Passwort festlegen",
   "Der Link funktioniert nur einmal. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert."},
  {"es", false, ": ",
   "Hola, {{requester.name}}:",
   "Hemos recibido su solicitud «{{ticket.subject}}» y le hemos asignado la referencia {{ticket.reference}}. Le responderemos pronto.",
   "Seguir su solicitud",
   "Responda a este mensaje para añadir información.",
   "{{agent.name}} ha respondido a su solicitud {{ticket.reference}}:",
   "Seguir la conversación",
   "Responda a este mensaje para contestar.",
   "Resuelta: {{ticket.subject}}",
   "Su solicitud {{ticket.reference}} «{{ticket.subject}}» se ha resuelto. Si algo sigue sin funcionar, responda a este mensaje y la retomaremos.",
   "¿Qué tal lo hicimos? Valore nuestra ayuda (de una a cinco estrellas) en la página de su solicitud.",
   "Valorar nuestra ayuda",
   "Hola, {{recipient.name}}:",
   "Asignado a usted: {{ticket.subject}}",
   "{{ticket.reference}} «{{ticket.subject}}», de {{requester.name}}, ahora está asignado a usted (prioridad {{ticket.priority}}).",
   "Abrir el ticket",
   "Respuesta del cliente: {{ticket.subject}}",
   "{{requester.name}} ha respondido a {{ticket.reference}}:",
   "Restablezca su contraseña",
   "Alguien (esperamos que usted) ha pedido una nueva contraseña para la cuenta del servicio de asistencia {{recipient.email}}. Elija una en los próximos {{reset.expires_minutes}} minutos:",
   "Establecer una nueva contraseña",
   "El enlace solo funciona una vez. Si no lo ha pedido, ignore este mensaje: su contraseña no cambia."},
  {"fr", false, " : ",
   "Bonjour {{requester.name}},",
   "nous avons bien reçu votre demande « {{ticket.subject}} » et lui avons attribué la référence {{ticket.reference}}. Nous revenons vers vous très vite.",
   "Suivre votre demande",
   "Répondez à ce message pour la compléter.",
   "{{agent.name}} a répondu à votre demande {{ticket.reference}} :",
   "Suivre la conversation",
   "Répondez à ce message pour lui répondre.",
   "Résolu : {{ticket.subject}}",
   "votre demande {{ticket.reference}} « {{ticket.subject}} » a été résolue. Si quelque chose ne va toujours pas, répondez à ce message et nous la reprendrons.",
   "Comment avons-nous fait ? Évaluez notre aide (de une à cinq étoiles) sur la page de votre demande.",
   "Évaluer notre aide",
   "Bonjour {{recipient.name}},",
   "Ticket qui vous est assigné : {{ticket.subject}}",
   "{{ticket.reference}} « {{ticket.subject}} » de {{requester.name}} vous est désormais assigné (priorité {{ticket.priority}}).",
   "Ouvrir le ticket",
   "Réponse du client : {{ticket.subject}}",
   "{{requester.name}} a répondu à {{ticket.reference}} :",
   "Réinitialisez votre mot de passe",
   "quelqu’un (vous, nous l’espérons) a demandé un nouveau mot de passe pour le compte d’assistance {{recipient.email}}. Choisissez-en un dans les {{reset.expires_minutes}} minutes :",
   "Choisir un nouveau mot de passe",
   "Le lien ne fonctionne qu’une fois. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé."},
  {"it", false, ": ",
   "Buongiorno {{requester.name}},",
   "abbiamo ricevuto la sua richiesta «{{ticket.subject}}» e le abbiamo assegnato il riferimento {{ticket.reference}}. La ricontatteremo al più presto.",
   "Segua la sua richiesta",
   "Risponda a questo messaggio per aggiungere informazioni.",
   "{{agent.name}} ha risposto alla sua richiesta {{ticket.reference}}:",
   "Segua la conversazione",
   "Risponda a questo messaggio per replicare.",
   "Risolto: {{ticket.subject}}",
   "la sua richiesta {{ticket.reference}} «{{ticket.subject}}» è stata risolta. Se qualcosa non va ancora, risponda a questo messaggio e la riprenderemo in carico.",
   "Com’è andata? Valuti il nostro aiuto (da una a cinque stelle) sulla pagina della sua richiesta.",
   "Valuta il nostro aiuto",
   "Buongiorno {{recipient.name}},",
   "Assegnato a lei: {{ticket.subject}}",
   "{{ticket.reference}} «{{ticket.subject}}» di {{requester.name}} è ora assegnato a lei (priorità {{ticket.priority}}).",
   "Apri il ticket",
   "Risposta del cliente: {{ticket.subject}}",
   "{{requester.name}} ha risposto a {{ticket.reference}}:",
   "Reimposti la password",
   "qualcuno (speriamo lei) ha chiesto di impostare una nuova password per l’account dell’helpdesk {{recipient.email}}. La scelga entro {{reset.expires_minutes}} minuti:",
   "Imposta una nuova password",
   "Il link funziona una sola volta. Se non l’ha richiesto, ignori questo messaggio: la sua password resta invariata."},
  {"ja", false, "：",
   "{{requester.name}} 様",
   "お問い合わせ「{{ticket.subject}}」を受け付けました。受付番号は {{ticket.reference}} です。担当者より追ってご連絡いたします。",
   "お問い合わせの状況を確認する",
   "このメールに返信すると、お問い合わせに追記できます。",
   "{{agent.name}} がお問い合わせ {{ticket.reference}} に返信しました：",
   "やり取りを確認する",
   "このメールに返信してご回答いただけます。",
   "解決済み：{{ticket.subject}}",
   "お問い合わせ {{ticket.reference}}「{{ticket.subject}}」は解決済みとなりました。まだ問題が残っている場合は、このメールにご返信ください。改めて対応いたします。",
   "対応はいかがでしたか？お問い合わせのページで、サポートを評価してください（星 1〜5 つ）。",
   "サポートを評価する",
   "{{recipient.name}} さん",
   "担当に割り当てられました：{{ticket.subject}}",
   "{{requester.name}} さんのチケット {{ticket.reference}}「{{ticket.subject}}」があなたの担当に割り当てられました（優先度：{{ticket.priority}}）。",
   "チケットを開く",
   "お客様から返信：{{ticket.subject}}",
   "{{requester.name}} さんが {{ticket.reference}} に返信しました：",
   "パスワードの再設定",
   "ヘルプデスクのアカウント {{recipient.email}} の新しいパスワードの設定が依頼されました（ご本人による依頼であることを願っています）。{{reset.expires_minutes}} 分以内に新しいパスワードを設定してください：",
   "新しいパスワードを設定する",
   "このリンクは一度だけ使えます。お心当たりがない場合は、このメールを無視してください。パスワードは変更されません。"},
  {"ko", false, ": ",
   "{{requester.name}}님, 안녕하세요.",
   "“{{ticket.subject}}” 요청을 접수했으며 참조 번호 {{ticket.reference}}을(를) 부여했습니다. 곧 답변드리겠습니다.",
   "요청 진행 상황 보기",
   "이 메일에 회신하시면 요청에 내용을 추가할 수 있습니다.",
   "{{agent.name}}님이 요청 {{ticket.reference}}에 답변했습니다:",
   "대화 보기",
   "이 메일에 회신하여 답변하실 수 있습니다.",
   "해결됨: {{ticket.subject}}",
   "요청 {{ticket.reference}} “{{ticket.subject}}”이(가) 해결되었습니다. 아직 문제가 남아 있다면 이 메일에 회신해 주세요. 다시 처리해 드리겠습니다.",
   "도움이 되셨나요? 요청 페이지에서 지원을 평가해 주세요(별 1~5개).",
   "지원 평가하기",
   "{{recipient.name}}님, 안녕하세요.",
   "담당자로 배정됨: {{ticket.subject}}",
   "{{requester.name}}님의 티켓 {{ticket.reference}} “{{ticket.subject}}”의 담당자로 배정되었습니다(우선순위: {{ticket.priority}}).",
   "티켓 열기",
   "고객 회신: {{ticket.subject}}",
   "{{requester.name}}님이 {{ticket.reference}}에 회신했습니다:",
   "비밀번호 재설정",
   "헬프데스크 계정 {{recipient.email}}의 새 비밀번호 설정이 요청되었습니다(본인이 요청하셨기를 바랍니다). {{reset.expires_minutes}}분 안에 새 비밀번호를 설정해 주세요:",
   "새 비밀번호 설정",
   "이 링크는 한 번만 사용할 수 있습니다. 요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다."},
  {"nl", false, ": ",
   "Hallo {{requester.name}},",
   "we hebben uw verzoek “{{ticket.subject}}” ontvangen en het referentienummer {{ticket.reference}} gegeven. We nemen zo snel mogelijk contact met u op.",
   "Uw verzoek volgen",
   "Beantwoord dit bericht om iets toe te voegen.",
   "{{agent.name}} heeft gereageerd op uw verzoek {{ticket.reference}}:",
   "Het gesprek volgen",
   "Beantwoord dit bericht om te reageren.",
   "Opgelost: {{ticket.subject}}",
   "uw verzoek {{ticket.reference}} “{{ticket.subject}}” is opgelost. Klopt er nog iets niet, beantwoord dan dit bericht en we pakken het weer op.",
   "Hoe hebben we het gedaan? Beoordeel onze hulp (één tot vijf sterren) op de pagina van uw verzoek.",
   "Onze hulp beoordelen",
   "Hallo {{recipient.name}},",
   "Aan u toegewezen: {{ticket.subject}}",
   "{{ticket.reference}} “{{ticket.subject}}” van {{requester.name}} is nu aan u toegewezen (prioriteit {{ticket.priority}}).",
   "Ticket openen",
   "Klant heeft gereageerd: {{ticket.subject}}",
   "{{requester.name}} heeft gereageerd op {{ticket.reference}}:",
   "Stel uw wachtwoord opnieuw in",
   "iemand (hopelijk u) heeft gevraagd een nieuw wachtwoord in te stellen voor het helpdeskaccount {{recipient.email}}. Kies er binnen {{reset.expires_minutes}} minuten een:",
   "Nieuw wachtwoord instellen",
   "De link werkt één keer. Hebt u hier niet om gevraagd, negeer dit bericht dan: uw wachtwoord blijft ongewijzigd."},
  {"pl", false, ": ",
   "Dzień dobry {{requester.name}},",
   "otrzymaliśmy Twoje zgłoszenie „{{ticket.subject}}” i nadaliśmy mu numer {{ticket.reference}}. Wkrótce się odezwiemy.",
   "Śledź swoje zgłoszenie",
   "Odpowiedz na tę wiadomość, aby je uzupełnić.",
   "{{agent.name}} odpowiada na Twoje zgłoszenie {{ticket.reference}}:",
   "Śledź rozmowę",
   "Odpowiedz na tę wiadomość, aby odpisać.",
   "Rozwiązane: {{ticket.subject}}",
   "Twoje zgłoszenie {{ticket.reference}} „{{ticket.subject}}” zostało rozwiązane. Jeśli coś nadal nie działa, odpowiedz na tę wiadomość, a zajmiemy się nim ponownie.",
   "Jak nam poszło? Oceń naszą pomoc (od jednej do pięciu gwiazdek) na stronie zgłoszenia.",
   "Oceń naszą pomoc",
   "Dzień dobry {{recipient.name}},",
   "Przypisane do Ciebie: {{ticket.subject}}",
   "Zgłoszenie {{ticket.reference}} „{{ticket.subject}}” od {{requester.name}} jest teraz przypisane do Ciebie (priorytet {{ticket.priority}}).",
   "Otwórz zgłoszenie",
   "Odpowiedź klienta: {{ticket.subject}}",
   "{{requester.name}} odpowiada w zgłoszeniu {{ticket.reference}}:",
   "Zresetuj hasło",
   "ktoś (mamy nadzieję, że Ty) poprosił o nowe hasło do konta w helpdesku {{recipient.email}}. Ustaw je w ciągu {{reset.expires_minutes}} min:",
   "Ustaw nowe hasło",
   "Link działa tylko raz. Jeśli to nie Ty o niego prosisz, zignoruj tę wiadomość: Twoje hasło pozostanie bez zmian."},
  {"pt-BR", false, ": ",
   "Olá, {{requester.name}},",
   "recebemos sua solicitação “{{ticket.subject}}” e atribuímos a ela a referência {{ticket.reference}}. Retornaremos em breve.",
   "Acompanhe sua solicitação",
   "Responda a esta mensagem para complementá-la.",
   "{{agent.name}} respondeu à sua solicitação {{ticket.reference}}:",
   "Acompanhe a conversa",
   "Para responder, basta responder a esta mensagem.",
   "Resolvido: {{ticket.subject}}",
   "sua solicitação {{ticket.reference}} “{{ticket.subject}}” foi resolvida. Se algo ainda estiver errado, responda a esta mensagem e retomaremos o atendimento.",
   "Como nos saímos? Avalie nosso atendimento (de uma a cinco estrelas) na página da sua solicitação.",
   "Avaliar o atendimento",
   "Olá, {{recipient.name}},",
   "Atribuído a você: {{ticket.subject}}",
   "{{ticket.reference}} “{{ticket.subject}}”, de {{requester.name}}, agora está atribuído a você (prioridade {{ticket.priority}}).",
   "Abrir o ticket",
   "Resposta do cliente: {{ticket.subject}}",
   "{{requester.name}} respondeu em {{ticket.reference}}:",
   "Redefina sua senha",
   "alguém (esperamos que você) pediu uma nova senha para a conta da central de atendimento {{recipient.email}}. Escolha uma em até {{reset.expires_minutes}} minutos:",
   "Definir uma nova senha",
   "O link funciona uma única vez. Se você não fez esse pedido, ignore esta mensagem: sua senha continua a mesma."},
  {"ru", false, ": ",
   "Здравствуйте, {{requester.name}}!",
   "Мы получили ваше обращение «{{ticket.subject}}» и присвоили ему номер {{ticket.reference}}. Мы скоро с вами свяжемся.",
   "Следить за обращением",
   "Ответьте на это письмо, чтобы дополнить обращение.",
   "{{agent.name}}: новый ответ на ваше обращение {{ticket.reference}}:",
   "Перейти к переписке",
   "Чтобы ответить, просто ответьте на это письмо.",
   "Решено: {{ticket.subject}}",
   "Ваше обращение {{ticket.reference}} «{{ticket.subject}}» решено. Если что-то по-прежнему не так, ответьте на это письмо, и мы продолжим работу.",
   "Как мы справились? Оцените нашу помощь (от одной до пяти звёзд) на странице обращения.",
   "Оценить помощь",
   "Здравствуйте, {{recipient.name}}!",
   "Назначено вам: {{ticket.subject}}",
   "Обращение {{ticket.reference}} «{{ticket.subject}}» от {{requester.name}} теперь назначено вам (приоритет {{ticket.priority}}).",
   "Открыть тикет",
   "Ответ клиента: {{ticket.subject}}",
   "{{requester.name}}: новый ответ в обращении {{ticket.reference}}:",
   "Сброс пароля",
   "Кто-то (надеемся, что вы) запросил новый пароль для учётной записи службы поддержки {{recipient.email}}. Задайте его в течение {{reset.expires_minutes}} мин.:",
   "Задать новый пароль",
   "Ссылка действует один раз. Если вы не запрашивали смену пароля, просто проигнорируйте это письмо: ваш пароль останется прежним."},
  {"tr", false, ": ",
   "Merhaba {{requester.name}},",
   "“{{ticket.subject}}” başlıklı talebinizi aldık ve {{ticket.reference}} referans numarasını verdik. En kısa sürede size dönüş yapacağız.",
   "Talebinizi takip edin",
   "Eklemek istediğiniz bir şey varsa bu iletiyi yanıtlayın.",
   "{{agent.name}}, {{ticket.reference}} numaralı talebinizi yanıtladı:",
   "Yazışmayı takip edin",
   "Yanıt vermek için bu iletiyi yanıtlayın.",
   "Çözüldü: {{ticket.subject}}",
   "{{ticket.reference}} numaralı “{{ticket.subject}}” talebiniz çözüldü. Hâlâ bir sorun varsa bu iletiyi yanıtlayın, talebinizi yeniden ele alalım.",
   "Nasıl yardımcı olduk? Talebinizin sayfasında yardımımızı (bir ile beş yıldız arasında) değerlendirin.",
   "Yardımımızı değerlendirin",
   "Merhaba {{recipient.name}},",
   "Size atandı: {{ticket.subject}}",
   "{{requester.name}} tarafından açılan {{ticket.reference}} “{{ticket.subject}}” talebi artık size atandı (öncelik {{ticket.priority}}).",
   "Talebi açın",
   "Müşteri yanıtladı: {{ticket.subject}}",
   "{{requester.name}}, {{ticket.reference}} numaralı talebi yanıtladı:",
   "Parolanızı sıfırlayın",
   "Birisi (umarız sizsiniz) {{recipient.email}} yardım masası hesabı için yeni bir parola belirlemek istedi. {{reset.expires_minutes}} dakika içinde yeni parolanızı seçin:",
   "Yeni parola belirleyin",
   "Bağlantı yalnızca bir kez çalışır. Bu isteği siz yapmadıysanız bu iletiyi yok sayın: parolanız değişmeden kalır."},
  {"zh-CN", false, "：",
   "{{requester.name}}，您好：",
   "我们已收到您的请求“{{ticket.subject}}”，编号为 {{ticket.reference}}。我们会尽快回复您。",
   "查看请求进度",
   "回复此邮件即可补充内容。",
   "{{agent.name}} 回复了您的请求 {{ticket.reference}}：",
   "查看对话",
   "直接回复此邮件即可答复。",
   "已解决：{{ticket.subject}}",
   "您的请求 {{ticket.reference}}“{{ticket.subject}}”已解决。如果问题仍然存在，请回复此邮件，我们会重新跟进。",
   "我们的服务如何？请在请求页面为我们的帮助评分（一至五星）。",
   "为我们的帮助评分",
   "{{recipient.name}}，您好：",
   "已分配给您：{{ticket.subject}}",
   "{{requester.name}} 提交的工单 {{ticket.reference}}“{{ticket.subject}}”现已分配给您（优先级：{{ticket.priority}}）。",
   "打开工单",
   "客户已回复：{{ticket.subject}}",
   "{{requester.name}} 回复了 {{ticket.reference}}：",
   "重置您的密码",
   "有人（希望是您本人）请求为服务台账户 {{recipient.email}} 设置新密码。请在 {{reset.expires_minutes}} 分钟内设置：",
   "设置新密码",
   "该链接仅能使用一次。如果这不是您的请求，请忽略此邮件，您的密码将保持不变。"},
}};
// clang-format on

// clang-format off
const std::array<LaterPhrases, 13> kLaterPhrases = {{
  {"ar", "قيّم مساعدتنا بنقرة واحدة، من 1 (ضعيفة) إلى 5 (ممتازة):",
   "رابطك إلى {{ticket.reference}}",
   "إليك رابط طلبك {{ticket.reference}} «{{ticket.subject}}». اقرأ الردود وردّ وقيّم مساعدتنا هناك، دون الحاجة إلى حساب:",
   "افتح طلبك",
   "هذا الرابط لك وحدك، فلا تشاركه مع أحد. يبقى صالحًا {{guest.expires_days}} يومًا بعد آخر استخدام. إذا لم تطلبه، فتجاهل هذه الرسالة."},
  {"de", "Bewerten Sie unsere Hilfe mit einem Klick, von 1 (schlecht) bis 5 (sehr gut):",
   "Ihr Link zu {{ticket.reference}}",
   "hier ist Ihr Link zu Ihrer Anfrage {{ticket.reference}} „{{ticket.subject}}“. Dort lesen Sie die Antworten, antworten selbst und bewerten unsere Hilfe, ganz ohne Konto:",
   "Anfrage öffnen",
   "Der Link gehört nur Ihnen: Geben Sie ihn nicht weiter. Er gilt {{guest.expires_days}} Tage nach der letzten Nutzung. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht."},
  {"es", "Valore nuestra ayuda con un clic, de 1 (mala) a 5 (excelente):",
   "Su enlace a {{ticket.reference}}",
   "aquí tiene el enlace a su solicitud {{ticket.reference}} «{{ticket.subject}}». Allí puede leer las respuestas, responder y valorar nuestra ayuda, sin necesidad de cuenta:",
   "Abrir su solicitud",
   "El enlace es solo suyo: no lo comparta. Funciona durante {{guest.expires_days}} días desde su último uso. Si no lo pidió, ignore este mensaje."},
  {"fr", "Notez notre aide en un clic, de 1 (mauvaise) à 5 (excellente) :",
   "Votre lien vers {{ticket.reference}}",
   "voici le lien vers votre demande {{ticket.reference}} « {{ticket.subject}} ». Vous pouvez y lire les réponses, répondre et noter notre aide, sans compte :",
   "Ouvrir votre demande",
   "Ce lien est à vous seul : ne le transmettez pas. Il reste valable {{guest.expires_days}} jours après sa dernière utilisation. Si vous ne l’avez pas demandé, ignorez ce message."},
  {"it", "Valuti il nostro aiuto con un clic, da 1 (scarso) a 5 (ottimo):",
   "Il suo link a {{ticket.reference}}",
   "ecco il link alla sua richiesta {{ticket.reference}} «{{ticket.subject}}». Lì può leggere le risposte, rispondere e valutare il nostro aiuto, senza bisogno di un account:",
   "Apri la richiesta",
   "Il link è solo suo: non lo inoltri. Funziona per {{guest.expires_days}} giorni dall’ultimo utilizzo. Se non l’ha richiesto, ignori questo messaggio."},
  {"ja", "ワンクリックで評価できます（1：不満 〜 5：大変満足）：",
   "{{ticket.reference}} へのリンク",
   "お問い合わせ {{ticket.reference}}「{{ticket.subject}}」へのリンクです。アカウントなしで、回答の確認、返信、評価ができます：",
   "お問い合わせを開く",
   "このリンクはあなた専用です。他の人に渡さないでください。最後に使用してから {{guest.expires_days}} 日間有効です。お心当たりがない場合は、このメッセージを無視してください。"},
  {"ko", "클릭 한 번으로 평가해 주세요. 1(나쁨)부터 5(아주 좋음)까지:",
   "{{ticket.reference}} 링크",
   "문의 {{ticket.reference}} “{{ticket.subject}}”의 링크입니다. 계정 없이 답변을 읽고, 회신하고, 도움을 평가할 수 있습니다:",
   "문의 열기",
   "이 링크는 본인만 사용해야 하니 다른 사람에게 전달하지 마세요. 마지막 사용 후 {{guest.expires_days}}일 동안 유효합니다. 요청하지 않으셨다면 이 메시지를 무시하세요."},
  {"nl", "Beoordeel onze hulp met één klik, van 1 (slecht) tot 5 (uitstekend):",
   "Uw link naar {{ticket.reference}}",
   "hier is de link naar uw aanvraag {{ticket.reference}} ‘{{ticket.subject}}’. Daar leest u de antwoorden, reageert u en beoordeelt u onze hulp, zonder account:",
   "Uw aanvraag openen",
   "De link is alleen voor u: geef hem niet door. Hij werkt {{guest.expires_days}} dagen na het laatste gebruik. Hebt u er niet om gevraagd, negeer dan dit bericht."},
  {"pl", "Oceń naszą pomoc jednym kliknięciem, od 1 (słabo) do 5 (świetnie):",
   "Twój link do {{ticket.reference}}",
   "oto link do Twojego zgłoszenia {{ticket.reference}} „{{ticket.subject}}”. Możesz tam czytać odpowiedzi, odpowiadać i ocenić naszą pomoc bez zakładania konta:",
   "Otwórz zgłoszenie",
   "Link jest przeznaczony tylko dla Ciebie: nie przekazuj go dalej. Działa przez {{guest.expires_days}} dni od ostatniego użycia. Jeśli nie prosiłeś o niego, zignoruj tę wiadomość."},
  {"pt-BR", "Avalie nosso atendimento com um clique, de 1 (ruim) a 5 (ótimo):",
   "Seu link para {{ticket.reference}}",
   "aqui está o link para sua solicitação {{ticket.reference}} “{{ticket.subject}}”. Lá você pode ler as respostas, responder e avaliar nosso atendimento, sem precisar de conta:",
   "Abrir sua solicitação",
   "O link é só seu: não o compartilhe. Ele funciona por {{guest.expires_days}} dias após o último uso. Se você não o pediu, ignore esta mensagem."},
  {"ru", "Оцените нашу помощь одним щелчком, от 1 (плохо) до 5 (отлично):",
   "Ваша ссылка на {{ticket.reference}}",
   "вот ссылка на ваше обращение {{ticket.reference}} «{{ticket.subject}}». Там можно читать ответы, отвечать и оценить нашу помощь без учётной записи:",
   "Открыть обращение",
   "Ссылка предназначена только вам: не передавайте её другим. Она действует {{guest.expires_days}} дн. после последнего использования. Если вы её не запрашивали, проигнорируйте это письмо."},
  {"tr", "Yardımımızı tek tıkla değerlendirin, 1 (kötü) ile 5 (harika) arasında:",
   "{{ticket.reference}} bağlantınız",
   "{{ticket.reference}} “{{ticket.subject}}” talebinizin bağlantısı aşağıda. Hesap gerekmeden yanıtları okuyabilir, yanıt verebilir ve yardımımızı değerlendirebilirsiniz:",
   "Talebinizi açın",
   "Bu bağlantı yalnızca size aittir: başkasıyla paylaşmayın. Son kullanımından sonra {{guest.expires_days}} gün geçerlidir. Siz istemediyseniz bu iletiyi dikkate almayın."},
  {"zh-CN", "一键为我们的帮助评分，从 1（差）到 5（很好）：",
   "您的 {{ticket.reference}} 链接",
   "这是您的请求 {{ticket.reference}}“{{ticket.subject}}”的链接。无需账号即可在那里查看回复、回复并为我们的帮助评分：",
   "打开您的请求",
   "此链接仅供您本人使用，请勿转发。自最后一次使用起 {{guest.expires_days}} 天内有效。如果您没有请求此链接，请忽略此邮件。"},
}};
// clang-format on

}  // namespace

const std::vector<MailTemplate>* translated_mail_templates(std::string_view locale) {
  static const std::vector<std::pair<std::string, std::vector<MailTemplate>>> all = [] {
    std::vector<std::pair<std::string, std::vector<MailTemplate>>> out;
    for (std::size_t i = 0; i < kPhrases.size(); ++i)
      if (std::string_view(kPhrases[i].locale) != kLaterPhrases[i].locale)
        throw std::logic_error("mail phrases out of step for " + std::string(kPhrases[i].locale));
      else
        out.emplace_back(kPhrases[i].locale, compose(kPhrases[i], kLaterPhrases[i]));
    return out;
  }();
  for (const auto& [l, templates] : all)
    if (l == locale) return &templates;
  return nullptr;
}

}  // namespace escalated::services
